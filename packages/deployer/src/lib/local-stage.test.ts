import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { functionStack, makeWorkspace, packageFunction } from './__fixtures__/workspace';
import { deployStack } from './deploy';
import { destroyStack } from './destroy';
import { diffStack } from './diff';
import { publishResource } from './publish';
import deployExecutor from '../executors/deploy/executor';
import publishExecutor from '../executors/publish/executor';

// The local stage must work with no AWS configuration at all.
beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) vi.stubEnv(key, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('local stage (no AWS)', () => {
  it('publishes into .nxstack/local/artifacts, writes template + state, then is up to date', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    const zip = await packageFunction(ws, 'hello', 'exports.handler = async () => "local";\n');
    const opts = ws.options('local');
    expect(Object.keys(process.env).filter((k) => k.startsWith('AWS_'))).toEqual([]);

    const pub = await publishResource({ ...opts, resource: 'hello' });
    const artifact = path.join(ws.root, '.nxstack/local/artifacts/api/hello', `${zip.sha256}.zip`);
    expect(pub).toMatchObject({ uploaded: true, bytesUploaded: zip.size, key: `api/hello/${zip.sha256}.zip` });
    expect(await fs.readFile(artifact)).toEqual(await fs.readFile(path.join(ws.root, 'dist/stack/apps/api/hello/hello.zip')));
    expect((await fs.readdir(path.dirname(artifact))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(ws.lines).toContain(`nxstack: publish resource=hello uploads=1 bytes=${zip.size}`);
    expect(await publishResource({ ...opts, resource: 'hello' })).toMatchObject({ uploaded: false, bytesUploaded: 0 });
    expect(ws.lines.at(-1)).toBe('nxstack: publish resource=hello uploads=0 bytes=0');

    const result = await deployStack(opts);
    expect(result.upToDate).toBe(false);
    const template = JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/api/template.json'), 'utf8'));
    expect(template.Resources.HelloFunction.Properties.Code).toEqual({ S3Bucket: 'nxstack-local-artifacts', S3Key: `api/hello/${zip.sha256}.zip` });
    expect(await cfnLint(template)).toBe('');
    const state = JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/api/state.json'), 'utf8'));
    expect(state).toMatchObject({ stackName: 'api-local', hash: result.hash, parameters: {}, template });
    expect(Number.isNaN(Date.parse(state.deployedAt))).toBe(false);
    expect(state.outputs.HelloArn).toBe('arn:aws:lambda:local:000000000000:function:api-local-hello');
    expect(ws.lines).toContain(`artifact hello: ${artifact}`);
    expect(ws.lines.some((l) => /^HelloFunction\s+AWS::Lambda::Function\s+api-local-hello$/.test(l))).toBe(true);
    expect(ws.lines.some((l) => /^HelloArn\s+arn:aws:lambda:local:000000000000:function:api-local-hello$/.test(l))).toBe(true);

    expect((await deployStack(opts)).upToDate).toBe(true);
    expect(ws.lines.slice(-2)).toEqual(['stack api-local is up to date', 'nxstack: deploy stack=api-local stage=local uploads=0 cfnWrites=0']);
  });

  it('diff compares with the deployed local template; destroy removes the state folder only', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    const opts = ws.options('local');
    await publishResource({ ...opts, resource: 'hello' });
    await deployStack(opts);
    const v2 = await packageFunction(ws, 'hello', 'exports.handler = async () => 2;\n');
    await publishResource({ ...opts, resource: 'hello' });
    const diff = await diffStack(opts);
    expect(diff.changes).toEqual([{ action: 'Modify', logicalId: 'HelloFunction', resourceType: 'AWS::Lambda::Function', replacement: undefined, details: ['Code.S3Key'] }]);
    const state = JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/api/state.json'), 'utf8'));
    expect(state.template.Resources.HelloFunction.Properties.Code.S3Key).not.toContain(v2.sha256);

    expect(await destroyStack(opts)).toEqual({ stackName: 'api-local', existed: true });
    await expect(fs.access(path.join(ws.root, '.nxstack/local/api'))).rejects.toThrow();
    await fs.access(path.join(ws.root, '.nxstack/local/artifacts/api/hello', `${v2.sha256}.zip`));
  });

  it('deploy publishes an unpublished artifact itself', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    const zip = await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    expect((await deployStack(ws.options('local'))).upToDate).toBe(false);
    expect(ws.lines).toContain(`nxstack: publish resource=hello uploads=1 bytes=${zip.size}`);
    await fs.access(path.join(ws.root, '.nxstack/local/artifacts/api/hello', `${zip.sha256}.zip`));
    await fs.access(path.join(ws.root, '.nxstack/local/api/state.json'));
  });

  it('executors default to the local stage and derive the project from the Nx context', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    const context = { root: ws.root, projectName: 'api', projectsConfigurations: { version: 2, projects: { api: { root: ws.projectRoot } } } } as any;
    expect(await publishExecutor({ resource: 'hello' }, context)).toEqual({ success: true });
    expect(await deployExecutor({}, context)).toEqual({ success: true });
    await fs.access(path.join(ws.root, '.nxstack/local/api/state.json'));
    // A failure is reported as { success: false } with the error printed, not thrown.
    expect(await deployExecutor({ stage: 'Not_Valid' }, context)).toEqual({ success: false });
    await expect(fs.access(path.join(ws.root, '.nxstack/Not_Valid'))).rejects.toThrow();
  });
});
