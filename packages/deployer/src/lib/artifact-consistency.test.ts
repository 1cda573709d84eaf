import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError, MANIFEST_FILE, resourceOutputDir } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { recordCalls } from './__fixtures__/aws-calls';
import { makeWorkspace, packageFunction, type TestWorkspace } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { deployStack } from './deploy';
import { publishResource } from './publish';

const stackWith = (props: string) =>
  `resources:\n  hello:\n    type: function\n    properties:\n${props}      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/hello.ts\n`;

/** Rewrites one field of the packaged manifest (what a stale cache entry or an overriding target leaves). */
async function editManifest(ws: TestWorkspace, resource: string, patch: Record<string, string>): Promise<void> {
  const file = path.join(ws.root, resourceOutputDir(ws.projectRoot, resource), MANIFEST_FILE);
  await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, 'utf8')), ...patch }, null, 2));
}

async function awsClientsRecorded() {
  const clients = await createAwsClients({ env: motoEnv() });
  const calls = recordCalls(clients.s3, clients.cloudformation, clients.sts);
  return { clients, calls };
}

describe('artifact manifest against the stack', () => {
  it('deploy refuses an x86_64 artifact the template deploys as arm64, before any AWS call', async () => {
    const ws = await makeWorkspace(stackWith('      architecture: arm64\n'));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;');
    const { clients, calls } = await awsClientsRecorded();
    const err = await deployStack(ws.options('mismatch-arch', { clients })).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_ARTIFACT_MISMATCH');
    expect(err.message).toContain("resource 'hello'");
    expect(err.message).toContain("architecture 'x86_64'");
    expect(err.message).toContain("compiled template deploys it as architecture 'arm64'");
    expect(err.location).toMatchObject({ line: 5 });
    expect(err.hint).toContain('nx run api:package--hello');
    expect(calls).toEqual([]);
  });

  it('deploy refuses a runtime the template does not deploy', async () => {
    const ws = await makeWorkspace(stackWith('      runtime: nodejs20.x\n'));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;');
    const err = await deployStack(ws.options('local')).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_ARTIFACT_MISMATCH');
    expect(err.message).toContain("runtime 'nodejs22.x'");
    expect(err.message).toContain("as runtime 'nodejs20.x'");
  });

  it('publish refuses to upload an arm64 artifact of an x86_64 (default) function', async () => {
    const ws = await makeWorkspace(stackWith(''));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;');
    await editManifest(ws, 'hello', { architecture: 'arm64' });
    const { clients, calls } = await awsClientsRecorded();
    const err = await publishResource({ ...ws.options('mismatch-pub', { clients }), resource: 'hello' }).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_ARTIFACT_MISMATCH');
    expect(err.message).toContain("stack.yml deploys it as architecture 'x86_64'");
    expect(calls).toEqual([]);
  });

  it('a matching artifact publishes and deploys (local stage)', async () => {
    const ws = await makeWorkspace(stackWith('      architecture: arm64\n'));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;');
    await editManifest(ws, 'hello', { architecture: 'arm64' });
    await publishResource({ ...ws.options('local'), resource: 'hello' });
    const result = await deployStack(ws.options('local'));
    expect(result.upToDate).toBe(false);
  });
});
