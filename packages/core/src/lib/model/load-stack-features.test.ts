import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCfResourceParams, listCfResourceParams } from './cf-resource-params';
import { loadStack, parseStack } from './load-stack';
import type { StackLoadError } from './stack-load-error';

const fixtures = join(__dirname, '__fixtures__');

describe('loadStack on a stack using the rest of the model', () => {
  it('applies defaults, keeps typed sub-objects and parses directives everywhere', async () => {
    const stack = await loadStack('good/stack.yml', { workspaceRoot: fixtures });
    const worker = stack.config.resources.worker;
    const seed = stack.config.resources.seed;
    const uploads = stack.config.resources.uploads;
    if (worker.type !== 'function') throw new Error('worker should be a function');
    if (seed.type !== 'deployment-script') throw new Error('seed should be a deployment-script');
    if (uploads.type !== 'bucket') throw new Error('uploads should be a bucket');
    expect(worker.properties).toMatchObject({ runtime: 'python3.12', architecture: 'arm64', storage: 1024, timeout: 10, memory: 1024, connectTo: ['uploads', 'aws:ses'] });
    expect(worker.properties.packaging.properties).toEqual({
      entryfilePath: 'src/worker.py',
      handlerFunction: 'handler',
      languageSpecificConfig: { packageManager: 'uv', pythonVersion: '3.10' },
    });
    expect(worker.properties.iamRoleStatements?.[0].Resource).toEqual({ $directive: 'CfResourceParam', logicalId: 'Queue', attribute: 'Arn' });
    expect(worker.overrides).toEqual({ WorkerFunction: { Properties: { ReservedConcurrentExecutions: 2 } } });
    expect(seed.properties).toMatchObject({ trigger: 'after:deploy', runtime: 'nodejs22.x', memory: 256, timeout: 10, storage: 512 });
    expect(seed.properties.packaging.properties).toEqual({ entryfilePath: 'scripts/seed.ts', languageSpecificConfig: { outputModuleFormat: 'esm' } });
    expect(seed.properties.environment).toEqual([{ name: 'API_KEY', value: { $directive: 'Secret', name: 'api-key' } }]);
    expect(seed.properties.parameters).toEqual({ bucket: { $directive: 'ResourceParam', resource: 'uploads', param: 'arn' }, items: [1, 'two', { three: 3 }] });
    expect(uploads.properties).toEqual({ versioning: true, accessibility: { accessibilityMode: 'public-read' }, cors: { enabled: true, corsRules: [{ allowedOrigins: ['*'] }] } });
    expect(stack.config.cloudformationResources?.Queue.Properties?.QueueName).toEqual({
      $directive: 'Join',
      parts: [{ $directive: 'ResourceParam', resource: 'uploads', param: 'name' }, '-queue'],
    });
    expect(stack.config.deploymentConfig.useS3TransferAcceleration).toBe(false);
  });

  it('lists $CfResourceParam uses and lets the compiler check them against generated ids', async () => {
    const stack = await loadStack('good/stack.yml', { workspaceRoot: fixtures });
    expect(listCfResourceParams(stack).map((r) => [r.directive.logicalId, r.path.join('.')])).toEqual([['Queue', 'resources.worker.properties.iamRoleStatements.0.Resource']]);
    expect(() => checkCfResourceParams(stack, {})).not.toThrow();

    const text = "resources:\n  uploads:\n    type: bucket\ncloudformationResources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: $CfResourceParam('UploadsBuckett', 'Arn')\n";
    const other = parseStack(text, 'cf.yml', { workspaceRoot: fixtures });
    const error = (() => {
      try {
        checkCfResourceParams(other, { UploadsBucket: 'AWS::S3::Bucket' });
      } catch (e) {
        return e as StackLoadError;
      }
    })();
    expect(error?.code).toBe('NXS_UNKNOWN_CF_RESOURCE');
    expect(error?.location).toEqual({ file: 'cf.yml', line: 8, column: 15 });
    expect(error?.hint).toContain("Did you mean 'UploadsBucket'?");
    expect(() => checkCfResourceParams(other, { UploadsBuckett: 'AWS::S3::Bucket' })).not.toThrow();
  });

  it('rejects YAML tags such as CloudFormation short forms instead of silently dropping them', async () => {
    const error = await loadError('bad/unsupported-tag.yml', { workspaceRoot: fixtures });
    expect(error.code).toBe('NXS_YAML_UNSUPPORTED_TAG');
    expect(error.location).toEqual({ file: 'bad/unsupported-tag.yml', line: 8, column: 18 });
    expect(error.hint).toContain("{ 'Fn::GetAtt': [MyBucket, Arn] }");
  });
});

/** The StackLoadError loadStack rejects with (fails the test when it loads). */
async function loadError(file: string, opts: Parameters<typeof loadStack>[1]): Promise<StackLoadError> {
  const result = await loadStack(file, opts).then(
    () => undefined,
    (e: unknown) => e as StackLoadError,
  );
  if (!result) throw new Error(`${file} loaded but should have failed`);
  return result;
}
