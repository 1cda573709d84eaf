import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ExecutorContext } from '@nx/devkit';
import { resourceOutputDir, writeManifest, type ZipPackageManifest } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import synthExecutor from './executor';

function zipManifest(resource: string, over: Partial<ZipPackageManifest> = {}): ZipPackageManifest {
  return { kind: 'zip', resource, artifact: `${resource}.zip`, sha256: 'e'.repeat(64), size: 99, handler: 'index.handler', runtime: 'nodejs22.x', architecture: 'x86_64', packager: 'node', ...over };
}

/** A workspace holding the fixture project at apps/api with both functions packaged. */
async function workspace(stackYml?: string): Promise<{ root: string; context: ExecutorContext }> {
  const root = mkdtempSync(join(tmpdir(), 'nxstack-synth-exec-'));
  cpSync(join(__dirname, '__fixtures__/api'), join(root, 'apps/api'), { recursive: true });
  if (stackYml) writeFileSync(join(root, 'apps/api/stack.yml'), stackYml);
  await writeManifest(join(root, resourceOutputDir('apps/api', 'myLambda')), zipManifest('myLambda', { environment: { NODE_OPTIONS: '--enable-source-maps' } }));
  await writeManifest(join(root, resourceOutputDir('apps/api', 'legacyTool')), zipManifest('legacyTool', { sha256: 'f'.repeat(64), runtime: 'nodejs22.x', packager: 'custom-artifact' }));
  const context = {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'api',
    projectsConfigurations: { version: 2, projects: { api: { root: 'apps/api' } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as unknown as ExecutorContext;
  return { root, context };
}

describe('synth executor', () => {
  it('loads stack.yml, reads the manifests and writes a lint-clean template', async () => {
    const { root, context } = await workspace();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = await synthExecutor({ stage: 'dev' }, context);
    log.mockRestore();
    expect(result).toEqual({ success: true });
    const file = join(root, 'dist/stack/apps/api/template-dev.json');
    const template = JSON.parse(readFileSync(file, 'utf8'));
    const fn = template.Resources.MyLambdaFunction.Properties;
    expect(fn.Code).toEqual({ S3Bucket: 'nxstack-api-dev-deployment', S3Key: `api/myLambda/${'e'.repeat(64)}.zip` });
    expect(fn.MemorySize).toBe(512);
    expect(fn.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      BUCKET_NAME: { 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' },
      UPLOADS_PREFIX: { 'Fn::Join': ['', ['s3://', { 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' }, '/incoming']] },
      API_KEY: '{{resolve:secretsmanager:api/third-party-key}}',
    });
    expect(template.Resources.LegacyToolFunction.Properties.Runtime).toBe('nodejs22.x');
    expect(await cfnLint(file)).toBe('');
  });

  it('defaults to the local stage and honours outputPath', async () => {
    const { root, context } = await workspace();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await synthExecutor({ outputPath: 'out/t.json' }, context)).toEqual({ success: true });
    log.mockRestore();
    expect(JSON.parse(readFileSync(join(root, 'out/t.json'), 'utf8')).Description).toContain('stage local');
  });

  it('reports a compile error with its stack.yml line and fails the task', async () => {
    const original = readFileSync(join(__dirname, '__fixtures__/api/stack.yml'), 'utf8');
    const { context } = await workspace(original.replace('memory: 512', 'memory: 512\n      runtime: python3.12'));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const result = await synthExecutor({ stage: 'dev' }, context);
    spy.mockRestore();
    expect(result).toEqual({ success: false });
    expect(errors.join('\n')).toMatch(/^NXS_RUNTIME_UNSUPPORTED apps\/api\/stack\.yml:10:\d+ /);
  });
});
