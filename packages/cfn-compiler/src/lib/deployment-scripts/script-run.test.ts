// What a deployment script compiles to on an AWS stage: the script's Lambda, a runner Lambda of
// ours with the inline runner code, and a Custom::DeploymentScript resource whose properties carry
// the parameters (directives resolved by CloudFormation) and, for after:deploy, a token derived
// from the rest of the template. Every template here goes through the real cfn-lint.
import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { templateHash } from '../canonical-json';
import { compileStack } from '../compile-stack';
import { artifact, parsedFixtureStack, manifest, type StackYamlData } from '../__fixtures__/sample-stack';
import { RUNNER_SOURCE } from './runner-source';

const script = (trigger: string, extra: Record<string, unknown> = {}) => ({
  type: 'deployment-script',
  properties: { trigger, packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'scripts/run.ts' } }, runtime: 'nodejs22.x', ...extra },
});

function config(bucketVersioning = false): StackYamlData {
  return {
    resources: {
      myHttpApi: { type: 'http-api-gateway', properties: {} },
      files: { type: 'bucket', properties: { versioning: bucketVersioning } },
      seed: script('after:deploy', {
        timeout: 120,
        parameters: { apiURL: { $directive: 'ResourceParam', resource: 'myHttpApi', param: 'url' }, rows: 10, dryRun: false, tags: ['a', { bucket: { $directive: 'ResourceParam', resource: 'files', param: 'name' } }] },
      }),
      cleanup: script('before:delete'),
    },
  };
}

const artifacts = { seed: artifact('api', manifest('seed', { runtime: 'nodejs22.x' })), cleanup: artifact('api', manifest('cleanup', { runtime: 'nodejs22.x' })) };
const compile = (c: StackYamlData, stage = 'dev') => compileStack({ stack: parsedFixtureStack(c), projectName: 'api', stage, region: 'eu-west-1', artifacts });

describe('deployment scripts on an AWS stage', () => {
  const { template, parameters } = compile(config());
  const r = template.Resources;

  it('runs each script through a custom resource whose ServiceToken is its runner', () => {
    expect(r.SeedRun).toMatchObject({
      Type: 'Custom::DeploymentScript',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['SeedRunnerFunction', 'Arn'] }, ScriptName: 'seed', Trigger: 'after:deploy', ScriptFunction: { Ref: 'SeedFunction' } },
    });
    expect(r.CleanupRun.Properties).toMatchObject({ ServiceToken: { 'Fn::GetAtt': ['CleanupRunnerFunction', 'Arn'] }, Trigger: 'before:delete', ScriptFunction: { Ref: 'CleanupFunction' } });
  });

  it('keeps literal parameter types in JSON and lets CloudFormation resolve the directives', () => {
    const props = r.SeedRun.Properties as Record<string, unknown>;
    expect(JSON.parse(props.ParametersJson as string)).toEqual({ apiURL: { $nxs: 0 }, rows: 10, dryRun: false, tags: ['a', { bucket: { $nxs: 1 } }] });
    expect(props.ParameterValues).toEqual([
      { 'Fn::Sub': 'https://${MyHttpApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' },
      { 'Fn::Sub': 'api-dev-files-${AWS::AccountId}-${AWS::Region}' },
    ]);
    expect(r.CleanupRun.Properties).not.toHaveProperty('ParametersJson');
  });

  it('inlines the runner code, gives it the script timeout plus a margin and only the rights it needs', () => {
    const runner = r.SeedRunnerFunction.Properties as Record<string, any>;
    expect(runner).toMatchObject({ FunctionName: 'api-dev-seed-runner', Runtime: 'nodejs24.x', Handler: 'index.handler', Timeout: 150, Code: { ZipFile: RUNNER_SOURCE } });
    // CloudFormation's limit for inline (ZipFile) code.
    expect(Buffer.byteLength(RUNNER_SOURCE)).toBeLessThanOrEqual(4096);
    const statements = (r.SeedRunnerRole.Properties as any).Policies[0].PolicyDocument.Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['SeedRunnerLogGroup', 'Arn'] } }),
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['SeedFunction', 'Arn'] } },
      { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } },
    ]);
    expect((r.CleanupRunnerFunction.Properties as any).Timeout).toBe(40); // default script timeout 10 + 30
  });

  it('makes each run depend on every other resource (after:deploy runs last, before:delete is deleted first)', () => {
    for (const id of ['SeedRun', 'CleanupRun']) {
      const dependsOn = r[id].DependsOn as string[];
      expect(dependsOn).toEqual(expect.arrayContaining(['FilesBucket', 'MyHttpApiHttpApiDefaultStage', 'SeedRole', 'SeedLogGroup', 'CleanupRole', 'CleanupLogGroup']));
      expect(dependsOn).not.toContain('SeedRun');
      expect(dependsOn).not.toContain('CleanupRun');
    }
    // Already referenced directly (ServiceToken, ScriptFunction, a parameter): not repeated in DependsOn.
    expect(r.SeedRun.DependsOn).not.toContain('MyHttpApiHttpApi');
    expect(r.CleanupRun.DependsOn).toContain('MyHttpApiHttpApi');
    expect(r.SeedRun.DependsOn).not.toContain('SeedRunnerFunction');
    expect(r.SeedRun.DependsOn).not.toContain('SeedFunction');
  });

  it('gives after:deploy a token derived from the rest of the template: equal input, equal template', () => {
    const token = (r.SeedRun.Properties as Record<string, unknown>).Token as string;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(r.CleanupRun.Properties).not.toHaveProperty('Token');
    const again = compile(config());
    expect(templateHash(again.template, again.parameters)).toBe(templateHash(template, parameters));
    const changed = compile(config(true));
    expect((changed.template.Resources.SeedRun.Properties as Record<string, unknown>).Token).not.toBe(token);
  });

  it("keeps before:delete's runner log group when the stack is deleted (destroy reads and deletes it), not after a failed create", () => {
    expect(r.CleanupRunnerLogGroup).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Delete', Properties: { LogGroupName: '/aws/lambda/api-dev-cleanup-runner' } });
    expect(r.SeedRunnerLogGroup).toMatchObject({ DeletionPolicy: 'Delete' });
    expect(r.CleanupLogGroup).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  it('passes cfn-lint', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it('adds nothing on the local stage (scripts run there without CloudFormation)', () => {
    const local = compile(config(), 'local').template.Resources;
    expect(Object.values(local).map((x) => x.Type)).not.toContain('Custom::DeploymentScript');
    expect(local).not.toHaveProperty('SeedRunnerFunction');
  });

  it("refuses the key '$nxs' in parameters, at its line", () => {
    const bad = config();
    (bad.resources.seed.properties as Record<string, any>).parameters = { nested: { $nxs: 1 } };
    expect(() => compile(bad)).toThrow(expect.objectContaining({ code: 'NXS_INVALID_VALUE', message: expect.stringContaining("'$nxs'"), location: expect.objectContaining({ file: 'apps/api/stack.yml', line: expect.any(Number) }) }));
  });
});
