// The sample stack.yml, loaded by the real loader and compiled.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError, loadStack } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';

async function load(patch?: (yml: string) => string) {
  const root = mkdtempSync(join(tmpdir(), 'nxstack-issue-sample-'));
  cpSync(join(__dirname, '__fixtures__/issue-sample'), join(root, 'apps/api'), { recursive: true });
  // The custom artifact lives under dist/ (git-ignored), so it is made here.
  mkdirSync(join(root, 'apps/api/dist/legacy'), { recursive: true });
  writeFileSync(join(root, 'apps/api/dist/legacy/index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  const file = join(root, 'apps/api/stack.yml');
  if (patch) writeFileSync(file, patch(readFileSync(file, 'utf8')));
  return loadStack('apps/api/stack.yml', { workspaceRoot: root });
}

const artifacts = {
  myLambda: artifact('api', manifest('myLambda', { runtime: 'nodejs22.x' })),
  legacy: artifact('api', manifest('legacy', { runtime: 'nodejs22.x', packager: 'custom-artifact', sha256: '1'.repeat(64) })),
};

describe('the issue sample', () => {
  it('compiles with a current Node.js runtime and passes cfn-lint', async () => {
    const stack = await load((y) => y.replace('runtime: nodejs20.x', 'runtime: nodejs22.x'));
    const { template } = compileStack({ stack, projectName: 'api', stage: 'dev', artifacts });
    expect(Object.keys(template.Resources).sort()).toEqual([
      'LegacyFunction', 'LegacyLogGroup', 'LegacyRole', 'MyLambdaFunction', 'MyLambdaLogGroup', 'MyLambdaRole', 'UploadsBucket',
    ]);
    expect(template.Resources.MyLambdaFunction.Properties).toMatchObject({
      MemorySize: 2048, Timeout: 10, Runtime: 'nodejs22.x',
      Environment: { Variables: { TABLE: 'orders', BUCKET: { 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' } } },
    });
    expect(template.Resources.LegacyFunction.Properties).toMatchObject({ MemorySize: 1024, Handler: 'index.handler' });
    expect(await cfnLint(template)).toBe('');
  });

  it('as written (nodejs20.x) is refused with its stack.yml line once Lambda no longer creates that runtime', async () => {
    const stack = await load();
    expect(() => compileStack({ stack, projectName: 'api', stage: 'dev', artifacts, now: new Date('2026-03-01') })).not.toThrow();
    try {
      compileStack({ stack, projectName: 'api', stage: 'dev', artifacts, now: new Date('2026-11-23') });
      throw new Error('expected failure');
    } catch (e) {
      if (!isNxstackError(e)) throw e;
      expect(e.code).toBe('NXS_RUNTIME_DEPRECATED');
      expect(e.location).toMatchObject({ file: 'apps/api/stack.yml', line: 9 });
    }
  });

  it('as written (nodejs20.x) still compiles for the local stage, with a located warning', async () => {
    const stack = await load();
    const { template, warnings } = compileStack({ stack, projectName: 'api', stage: 'local', artifacts, now: new Date('2026-11-23') });
    expect(template.Resources.MyLambdaFunction.Properties.Runtime).toBe('nodejs20.x');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^NXS_RUNTIME_DEPRECATED apps\/api\/stack.yml:9:\d+ /);
    expect(warnings[0]).toContain('local stage anyway');
  });
});
