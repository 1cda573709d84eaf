import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from './load-stack';

const fixtures = join(__dirname, '__fixtures__');

/** The sample stack with its custom artifact built (dist/ is git-ignored, so it is made here). */
function sampleWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'nxs-model-'));
  cpSync(join(fixtures, 'sample'), join(root, 'apps/api'), { recursive: true });
  mkdirSync(join(root, 'apps/api/dist/legacy'), { recursive: true });
  writeFileSync(join(root, 'apps/api/dist/legacy/index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  return root;
}

describe('loadStack on the issue sample', () => {
  it('loads with defaults applied and directives parsed', async () => {
    const root = sampleWorkspace();
    const stack = await loadStack('apps/api/stack.yml', { workspaceRoot: root });
    expect(stack.file).toBe('apps/api/stack.yml');
    expect(stack.dir).toBe(join(root, 'apps/api'));
    const fn = stack.config.resources.myLambda;
    if (fn.type !== 'function') throw new Error('myLambda should be a function');
    expect(fn.properties.packaging).toEqual({
      type: 'stacktape-lambda-buildpack',
      properties: { entryfilePath: 'src/my-lambda.ts', languageSpecificConfig: { outputModuleFormat: 'cjs' } },
    });
    expect(fn.properties).toMatchObject({ runtime: 'nodejs20.x', timeout: 10, memory: 2048, architecture: 'x86_64' });
    expect(fn.properties.environment).toEqual([
      { name: 'TABLE', value: 'orders' },
      { name: 'BUCKET', value: { $directive: 'ResourceParam', resource: 'uploads', param: 'name' } },
    ]);
    const legacy = stack.config.resources.legacy;
    if (legacy.type !== 'function') throw new Error('legacy should be a function');
    expect(legacy.properties.packaging).toEqual({ type: 'custom-artifact', properties: { packagePath: 'dist/legacy', handler: 'index.handler' } });
    expect(legacy.properties.memory).toBe(1024);
    expect(stack.config.resources.uploads).toEqual({ type: 'bucket' });
    expect(stack.config.deploymentConfig).toEqual({ useS3TransferAcceleration: true });
    expect(stack.locate(['resources', 'myLambda', 'properties', 'memory'])).toEqual({ file: 'apps/api/stack.yml', line: 11, column: 15 });
    expect(stack.locateKey(['resources', 'uploads'])).toEqual({ file: 'apps/api/stack.yml', line: 25, column: 3 });
  });
});
