import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack, parseStack } from './load-stack';
import { StackLoadError } from './stack-load-error';
import { describeMemoryOptions, fargateCpuUnits, fargateMemoryOptions } from './fargate-sizes';
import { scheduleExpressionProblem } from './schedule-expression';
import { RESOURCE_TYPES } from './resource-types';
import { buildStackJsonSchema } from './json-schema';

const fixtures = join(__dirname, '__fixtures__', 'compute');

function problems(yaml: string) {
  try {
    parseStack(yaml, 'stack.yml', { workspaceRoot: fixtures });
  } catch (e) {
    expect(e).toBeInstanceOf(StackLoadError);
    return (e as StackLoadError).problems;
  }
  throw new Error('expected the stack to be refused');
}

describe('compute resource model', () => {
  it('registers every compute type', () => {
    expect(RESOURCE_TYPES).toEqual(expect.arrayContaining(['function', 'web-service', 'private-service', 'worker-service', 'batch-job', 'http-api-gateway']));
  });

  it('loads a stack with every compute type and applies the defaults', async () => {
    const { config } = await loadStack('stack.yml', { workspaceRoot: fixtures });
    const r = config.resources as Record<string, { type: string; properties: Record<string, any> }>;
    expect(r.hello.properties.events).toHaveLength(3);
    expect(r.hello.properties.events[2].properties).toEqual({ sqsQueueArn: { $directive: 'CfResourceParam', logicalId: 'Jobs', attribute: 'Arn' }, batchSize: 5 });
    expect(r.imageFn.properties.packaging.properties.buildArgs).toEqual([{ argName: 'MODE', value: 'prod' }]);
    expect(r.web.properties.port).toBe(3000);
    expect(r.web.properties.environment[0].value).toEqual({ $directive: 'ResourceParam', resource: 'hello', param: 'url' });
    expect(r.worker.properties.packaging.properties.builder).toBe('paketobuildpacks/builder-jammy-base');
    expect(r.nightly.properties.retryConfig).toEqual({ attempts: 2, retryIntervalSeconds: 1, retryIntervalMultiplier: 1 });
    expect(r.api.properties.payloadFormat).toBe('1.0');
  });

  const service = (packaging: string) => `resources:\n  web:\n    type: web-service\n    properties:\n      packaging:\n${packaging}      resources:\n        cpu: 0.25\n        memory: 512\n`;

  it('refuses a Lambda packaging (or a typo) on a service with NXS_UNKNOWN_PACKAGING_TYPE at its line', () => {
    const zip = problems(service('        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/web.ts\n'));
    expect(zip.map((p) => [p.code, p.location?.line])).toEqual([['NXS_UNKNOWN_PACKAGING_TYPE', 6]]);
    expect(zip[0].hint).toContain('stacktape-image-buildpack, external-buildpack, custom-dockerfile, prebuilt-image');
    const typo = problems(service('        type: prebuilt-imag\n        properties:\n          image: nginx\n'));
    expect(typo[0].hint).toContain("Did you mean 'prebuilt-image'?");
  });

  it('refuses a build arg without a value, a missing build context and an unknown event type', () => {
    const p = problems(service('        type: custom-dockerfile\n        properties:\n          buildContextPath: nowhere\n          buildArgs:\n            - argName: A\n'));
    expect(p.map((x) => [x.code, x.location?.line])).toEqual([['NXS_MISSING_PROPERTY', 10]]);
    const missing = problems(service('        type: custom-dockerfile\n        properties:\n          buildContextPath: nowhere\n'));
    expect(missing.map((x) => [x.code, x.location?.line])).toEqual([['NXS_PATH_NOT_FOUND', 8]]);
    const event = problems('resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/hello.ts\n      events:\n        - type: kafka\n          properties: {}\n');
    expect(event.map((x) => [x.code, x.location?.line])).toEqual([['NXS_INVALID_VALUE', 10]]);
    expect(event[0].hint).toContain('http-api-gateway, sqs, sns, schedule, s3');
  });

  it('refuses an s3 event type AWS does not have', () => {
    const p = problems('resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/hello.ts\n      events:\n        - type: s3\n          properties:\n            bucketArn: arn:aws:s3:::b\n            s3EventType: s3:ObjectCreated\n');
    expect(p.map((x) => [x.code, x.location?.line])).toEqual([['NXS_INVALID_VALUE', 13]]);
    expect(p[0].hint).toContain("Did you mean 's3:ObjectCreated:*'?");
  });
});

describe('schedule expressions', () => {
  it.each(['rate(1 day)', 'rate(30 minutes)', 'cron(15 10 ? * 6L 2026-2030)', 'cron(0 8 1 JAN,JUL ? *)', 'cron(*/5 8-17 ? * MON-FRI *)'])('%s is valid', (e) => {
    expect(scheduleExpressionProblem(e)).toBeUndefined();
  });
  it.each([
    ['rate(0 minutes)', 'at least 1'],
    ['rate(2 weeks)', 'must be'],
    ['cron(0 24 * * ? *)', "hours '24' contains 24, outside 0-23"],
    ['cron(0 8 ? * 2#6 *)', 'week number 1-5'],
    ['cron(0 8 ? * MON 1969)', 'outside 1970-2199'],
    ['cron(? 8 * * ? *)', "may not be '?'"],
    ['cron(0 8 * * MON *)', "exactly one of day-of-month and day-of-week must be '?'"],
  ])('%s is refused: %s', (e, text) => {
    expect(scheduleExpressionProblem(e)).toContain(text);
  });
});

describe('Fargate sizes', () => {
  it('accepts vCPUs and units and lists the memories of each cpu', () => {
    expect(fargateCpuUnits(0.25)).toBe(256);
    expect(fargateCpuUnits(2048)).toBe(2048);
    expect(fargateMemoryOptions(0.25)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryOptions(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryOptions(2)).toHaveLength(13);
    expect(fargateMemoryOptions(8)).toContain(61440);
    expect(fargateMemoryOptions(16)).toEqual(expect.arrayContaining([32768, 122880]));
    expect(fargateMemoryOptions(3)).toEqual([]);
    expect(describeMemoryOptions(fargateMemoryOptions(4))).toBe('8192-30720 in steps of 1024');
  });
});

describe('compute checks at load time (same codes as the compiler)', () => {
  const fn = (rate: string) => `resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/hello.ts\n      events:\n        - type: schedule\n          properties:\n            scheduleRate: ${rate}\n`;
  const svc = (body: string) => `resources:\n  svc:\n    type: worker-service\n    properties:\n      packaging:\n        type: prebuilt-image\n        properties:\n          image: nginx\n${body}`;

  it.each([
    [fn("'cron(0 12 * * *)'"), 'NXS_SCHEDULE_EXPRESSION_INVALID', 12, 'has 5 fields'],
    [fn("'rate(5 minute)'"), 'NXS_SCHEDULE_EXPRESSION_INVALID', 12, 'plural'],
    [svc('      resources:\n        cpu: 0.25\n        memory: 4096\n'), 'NXS_FARGATE_MEMORY_INVALID', 11, 'does not go with cpu 0.25'],
    [svc('      resources:\n        cpu: 3\n        memory: 4096\n'), 'NXS_FARGATE_CPU_INVALID', 10, 'not a Fargate CPU size'],
    [svc('      resources:\n        cpu: 1\n        memory: 2048\n      scaling:\n        minInstances: 4\n        maxInstances: 2\n'), 'NXS_SCALING_INVALID', 14, 'below minInstances'],
  ])('%#: %s', (yaml, code, line, message) => {
    const p = problems(yaml);
    expect(p.map((x) => [x.code, x.location?.line])).toEqual([[code, line]]);
    expect(p[0].message).toContain(message);
    expect(p[0].hint).toBeTruthy();
  });

  it('hints the memories valid for the cpu', () => {
    const p = problems(svc('      resources:\n        cpu: 512\n        memory: 512\n'));
    expect(p[0].hint).toBe('With cpu 512 (512 units) Fargate accepts memory 1024, 2048, 3072, 4096 MiB.');
  });
});

describe('JSON Schema', () => {
  it('covers every compute type, image packaging and event type', () => {
    const text = JSON.stringify(buildStackJsonSchema());
    for (const name of ['web-service', 'private-service', 'worker-service', 'batch-job', 'http-api-gateway', 'stacktape-image-buildpack', 'external-buildpack', 'custom-dockerfile', 'prebuilt-image', 'scheduleRate', 'sqsQueueName', 'snsTopicArn', 's3EventType', 'joinDefaultVpc', 'layers', 'paketobuildpacks/builder-jammy-base']) {
      expect(text).toContain(`"${name}"`);
    }
  });
});
