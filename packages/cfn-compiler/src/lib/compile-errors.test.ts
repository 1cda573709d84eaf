import { describe, expect, it } from 'vitest';
import { isNxstackError, type NxstackError } from '@nxstack/core';
import { compileStack } from './compile-stack';
import { parsedFixtureStack, manifest, artifact, sampleArtifacts, sampleConfig, STACK_FILE, type StackYamlData } from './__fixtures__/sample-stack';
import type { CompiledArtifact } from './types';

type Props = Record<string, unknown>;

/** The sample with myLambda's properties patched. */
function withMyLambda(patch: Props): StackYamlData {
  const config = sampleConfig();
  Object.assign(config.resources.myLambda.properties!, patch);
  return config;
}

/** Compiles, expects an NxstackError; returns it and the stack.yml paths the compiler located. */
function compileError(config: StackYamlData, artifacts: Record<string, CompiledArtifact> = sampleArtifacts()): { error: NxstackError; located: string[] } {
  const stack = parsedFixtureStack(config);
  try {
    compileStack({ stack, projectName: 'api', stage: 'dev', artifacts });
  } catch (e) {
    if (!isNxstackError(e)) throw e;
    expect(e.location).toMatchObject({ file: STACK_FILE, line: expect.any(Number), column: expect.any(Number) });
    expect(e.hint).toBeTruthy();
    return { error: e, located: stack.located };
  }
  throw new Error('expected compileStack to fail');
}

const lastLocated = (r: { located: string[] }) => r.located[r.located.length - 1];

/**
 * A config the loader itself refuses (the one validation of stack.yml values): returns its first
 * problem, which names the config path and sits at that value's line in STACK_FILE.
 */
function loadError(config: StackYamlData): NxstackError {
  try {
    parsedFixtureStack(config);
  } catch (e) {
    const first = ((e as { problems?: NxstackError[] }).problems ?? [e])[0];
    expect(isNxstackError(first)).toBe(true);
    expect(first.location).toMatchObject({ file: STACK_FILE, line: expect.any(Number) });
    return first;
  }
  throw new Error('expected the loader to refuse the config');
}

describe('compileStack errors', () => {
  // A runtime set in stack.yml that does not fit the language is refused by the loader
  // (packages/core/src/lib/model/lambda-runtimes.test.ts); the compiler checks the packager's.
  it('refuses a packager runtime outside the supported list', () => {
    const artifacts = { ...sampleArtifacts(), myLambda: artifact('api', manifest('myLambda', { runtime: 'nodejs16.x' })) };
    const r = compileError(sampleConfig(), artifacts);
    expect(r.error.code).toBe('NXS_RUNTIME_UNSUPPORTED');
    expect(lastLocated(r)).toBe('resources.myLambda.properties.packaging');
  });

  it.each([['nodejs20.x', 'nodejs22.x'], ['python3.9', 'python3.12'], ['java17', 'java21'], ['provided.al2', 'provided.al2023']])(
    'refuses %s once Lambda stops creating functions on it, naming the successor',
    (runtime, successor) => {
      const entry = { 'nodejs20.x': 'src/a.ts', 'python3.9': 'a.py', java17: 'A.java', 'provided.al2': 'main.go' }[runtime];
      const config = withMyLambda({ runtime, packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: entry } } });
      const stack = parsedFixtureStack(config);
      const run = (now: Date) => compileStack({ stack, projectName: 'api', stage: 'dev', artifacts: sampleArtifacts(), now });
      expect(() => run(new Date('2026-01-15T00:00:00Z'))).not.toThrow();
      try {
        run(new Date('2026-11-23T00:00:00Z'));
        throw new Error('expected failure');
      } catch (e) {
        expect(isNxstackError(e) && e.code).toBe('NXS_RUNTIME_DEPRECATED');
        expect((e as NxstackError).hint).toContain(successor);
      }
    },
  );

  // Ranges are the loader's (core's zod schema); the compiler never sees an out-of-range value.
  it.each([[127, 'NXS_INVALID_VALUE'], [10241, 'NXS_INVALID_VALUE'], [256.5, 'NXS_INVALID_TYPE']])('refuses memory %s', (memory, code) => {
    const e = loadError(withMyLambda({ memory }));
    expect(e.code).toBe(code);
    expect(e.message).toContain('resources.myLambda.properties.memory');
  });

  it.each([[0], [901]])('refuses timeout %s', (timeout) => {
    const e = loadError(withMyLambda({ timeout }));
    expect(e.code).toBe('NXS_INVALID_VALUE');
    expect(e.message).toContain('resources.myLambda.properties.timeout');
  });

  it("uses the loader's defaults for memory and timeout (1024 MB, 10 s)", () => {
    const t = compileStack({ stack: parsedFixtureStack(sampleConfig()), projectName: 'api', stage: 'dev', artifacts: sampleArtifacts() }).template;
    expect(t.Resources.LegacyToolFunction.Properties).toMatchObject({ MemorySize: 1024, Timeout: 10 });
  });

  it.each([['1ST'], ['MY-VAR'], ['has space']])('refuses env var name %j', (name) => {
    const r = compileError(withMyLambda({ environment: [{ name, value: 'x' }] }));
    expect(r.error.code).toBe('NXS_ENV_NAME_INVALID');
    expect(lastLocated(r)).toBe('resources.myLambda.properties.environment.0.name');
  });

  it('refuses an empty env var name (in the loader)', () => {
    const e = loadError(withMyLambda({ environment: [{ name: '', value: 'x' }] }));
    expect(e.code).toBe('NXS_INVALID_VALUE');
    expect(e.message).toContain('resources.myLambda.properties.environment[0].name');
  });

  it('refuses a duplicated env var name', () => {
    const r = compileError(withMyLambda({ environment: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }));
    expect(r.error.code).toBe('NXS_ENV_NAME_DUPLICATE');
    expect(lastLocated(r)).toBe('resources.myLambda.properties.environment.1.name');
  });

  it.each([['AWS_REGION'], ['AWS_LAMBDA_FUNCTION_NAME'], ['AWS_LAMBDA_ANYTHING'], ['_HANDLER'], ['AWS_ACCESS_KEY_ID'], ['LAMBDA_TASK_ROOT']])('refuses reserved env var %s', (name) => {
    const r = compileError(withMyLambda({ environment: [{ name, value: 'x' }] }));
    expect(r.error.code).toBe('NXS_ENV_NAME_RESERVED');
  });

  it('accepts AWS_LAMBDA_EXEC_WRAPPER, which Lambda lets users set', () => {
    const config = withMyLambda({ environment: [{ name: 'AWS_LAMBDA_EXEC_WRAPPER', value: '/opt/wrapper' }] });
    const t = compileStack({ stack: parsedFixtureStack(config), projectName: 'api', stage: 'dev', artifacts: sampleArtifacts() }).template;
    expect(t.Resources.MyLambdaFunction.Properties!.Environment).toMatchObject({ Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper' } });
  });

  it('refuses $ResourceParam to a param the target type lacks', () => {
    const e = loadError(withMyLambda({ environment: [{ name: 'X', value: { $directive: 'ResourceParam', resource: 'uploads', param: 'url' } }] }));
    expect(e.code).toBe('NXS_UNKNOWN_RESOURCE_PARAM');
    expect(e.message).toContain("no param 'url'");
  });

  it('refuses $ResourceParam to a resource that does not exist', () => {
    const e = loadError(withMyLambda({ environment: [{ name: 'X', value: { $directive: 'ResourceParam', resource: 'nope', param: 'arn' } }] }));
    expect(e.code).toBe('NXS_UNKNOWN_RESOURCE_REFERENCE');
  });

  it('refuses $CfResourceParam to a logical id the template lacks', () => {
    const r = compileError(withMyLambda({ environment: [{ name: 'X', value: { $directive: 'CfResourceParam', logicalId: 'MyQueue', attribute: 'Arn' } }] }));
    expect(r.error.code).toBe('NXS_UNKNOWN_CF_RESOURCE');
    expect(r.error.hint).toContain('UploadsBucket');
  });

  it('refuses a generated logical id that clashes with a cloudformationResources key', () => {
    const config = { ...sampleConfig(), cloudformationResources: { UploadsBucket: { Type: 'AWS::SNS::Topic' } } };
    const r = compileError(config);
    expect(r.error.code).toBe('NXS_LOGICAL_ID_CLASH');
    expect(r.error.message).toContain("'uploads'");
    expect(r.located).toContain('cloudformationResources.UploadsBucket');
  });

  it('refuses two resource names that map to the same logical ids', () => {
    const config = sampleConfig();
    const r = compileError({ resources: { ...config.resources, 'Uploads': config.resources.uploads } });
    expect(r.error.code).toBe('NXS_LOGICAL_ID_DUPLICATE');
  });

  it('refuses a template over 1 MB', () => {
    const big = 'x'.repeat(4000);
    const cloudformationResources = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`Topic${i}`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: big } }]),
    );
    const r = compileError({ ...sampleConfig(), cloudformationResources });
    expect(r.error.code).toBe('NXS_TEMPLATE_TOO_LARGE');
  });

  it('refuses a resource type this version cannot compile', () => {
    const e = loadError({ resources: { jobs: { type: 'blockchain-node', properties: {} } } });
    expect(e.code).toBe('NXS_UNKNOWN_RESOURCE_TYPE');
    expect(e.hint).toContain('function');
  });

  it('refuses a function without a packaged artifact', () => {
    const { myLambda: _, ...rest } = sampleArtifacts();
    const r = compileError(sampleConfig(), rest);
    expect(r.error.code).toBe('NXS_ARTIFACT_MISSING');
    expect(r.error.hint).toContain('package--myLambda');
  });

  it('refuses an ssm-secure secret in a Lambda environment (CloudFormation cannot resolve it there)', () => {
    const r = compileError(withMyLambda({ environment: [{ name: 'TOKEN', value: { $directive: 'Secret', name: 'ssm:/api/token' } }] }));
    expect(r.error.code).toBe('NXS_SECRET_SSM_SECURE_UNSUPPORTED');
  });

  it('refuses an iamRoleStatement without Resource', () => {
    const e = loadError(withMyLambda({ iamRoleStatements: [{ Action: ['s3:GetObject'] }] }));
    expect(e.code).toBe('NXS_MISSING_PROPERTY');
    expect(e.message).toContain('resources.myLambda.properties.iamRoleStatements[0]');
  });

  it('refuses logging settings on a function, which has none in the model (in the loader)', () => {
    const e = loadError(withMyLambda({ logging: { retentionDays: 42 } }));
    expect(e.code).toBe('NXS_UNKNOWN_PROPERTY');
  });
});

describe('dependency cycles', () => {
  it('refuses a function whose environment holds its own ARN', () => {
    const r = compileError(withMyLambda({ environment: [{ name: 'SELF', value: { $directive: 'ResourceParam', resource: 'myLambda', param: 'arn' } }] }));
    expect(r.error.code).toBe('NXS_DEPENDENCY_CYCLE');
    expect(r.error.message).toContain('MyLambdaFunction → MyLambdaFunction');
  });

  it('refuses two functions that reference each other', () => {
    const config = withMyLambda({ environment: [{ name: 'OTHER', value: { $directive: 'ResourceParam', resource: 'legacyTool', param: 'name' } }] });
    (config.resources.legacyTool.properties as Record<string, unknown>).environment = [{ name: 'OTHER', value: { $directive: 'ResourceParam', resource: 'myLambda', param: 'arn' } }];
    const r = compileError(config);
    expect(r.error.code).toBe('NXS_DEPENDENCY_CYCLE');
    expect(r.error.hint).toContain('legacyTool');
    expect(r.error.hint).toContain('myLambda');
  });

  it('names connectTo among the references when two functions connect to each other', () => {
    const config = withMyLambda({ connectTo: ['legacyTool'] });
    (config.resources.legacyTool.properties as Record<string, unknown>).connectTo = ['myLambda'];
    const r = compileError(config);
    expect(r.error.code).toBe('NXS_DEPENDENCY_CYCLE');
    expect(r.error.hint).toMatch(/Each of (myLambda, legacyTool|legacyTool, myLambda) references the next one \(through \$ResourceParam\/\$CfResourceParam, connectTo or an event\)/);
  });
});
