// Bad compute configuration fails at compile time (before any AWS call) with its own code,
// the stack.yml line of the offending value, and a hint. Stacks are parsed from YAML text by the
// real loader so the lines are the file's. Schedule/Fargate/scaling are also checked by the
// loader (compute-model.test.ts in core); here the bad value is put in after loading so the
// compiler's own check is exercised.
import { describe, expect, it } from 'vitest';
import { isNxstackError, parseStack, type NxstackError } from '@nxstack/core';
import { compileStack } from './compile-stack';
import { computeArtifacts } from './__fixtures__/compute-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';
import type { AnyCompiledArtifact } from './types';
import { buildpackFunctionYaml } from '../../../core/src/lib/model/__fixtures__/stack-yaml';

const FN = buildpackFunctionYaml('fn', 'src/fn.ts');

type Mutate = (resources: Record<string, any>) => void;

/**
 * Parses with the real loader, then (for checks the loader also makes) `mutate` puts the bad
 * value in after loading, so the compiler's own check is what fails — at the line of the value.
 */
function compileYaml(yaml: string, artifacts: Record<string, AnyCompiledArtifact> = {}, mutate?: Mutate): void {
  const stack = parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: '/ws', checkPaths: false });
  mutate?.(stack.config.resources as Record<string, any>);
  compileStack({ stack, projectName: 'api', stage: 'dev', artifacts: { fn: artifact('api', manifest('fn')), ...computeArtifacts(), ...artifacts } });
}

function errorOf(yaml: string, artifacts?: Record<string, AnyCompiledArtifact>, mutate?: Mutate): NxstackError {
  try {
    compileYaml(yaml, artifacts, mutate);
  } catch (e) {
    if (!isNxstackError(e)) throw e;
    expect(e.hint).toBeTruthy();
    expect(e.location?.file).toBe('apps/api/stack.yml');
    return e;
  }
  throw new Error('expected compileStack to fail');
}

const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

const withEvent = (event: string) => `resources:\n  api:\n    type: http-api-gateway\n${FN}      events:\n${event}`;

describe('compute compile errors', () => {
  it.each([
    ['cron(0 12 * * *)', /has 5 fields/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be '\?'/],
    ['cron(61 12 * * ? *)', /minutes '61' contains 61, outside 0-59/],
    ['cron(0 12 ? FOO MON *)', /month 'FOO'/],
    ['rate(5 minute)', /plural unit/],
    ['rate(1 hours)', /singular unit/],
    ['every 5 minutes', /neither rate/],
  ])('refuses schedule %s with NXS_SCHEDULE_EXPRESSION_INVALID at its line', (expression, message) => {
    const yaml = withEvent(`        - type: schedule\n          properties:\n            scheduleRate: 'rate(1 hour)'\n`);
    const e = errorOf(yaml, undefined, (r) => (r.fn.properties.events[0].properties.scheduleRate = expression));
    expect(e.code).toBe('NXS_SCHEDULE_EXPRESSION_INVALID');
    expect(e.message).toMatch(message);
    expect(e.location?.line).toBe(lineOf(yaml, 'scheduleRate'));
  });

  it.each(['rate(1 minute)', 'rate(12 hours)', 'cron(0/15 * * * ? *)', 'cron(0 18 ? * MON-FRI *)', 'cron(0 8 1 * ? *)', 'cron(0 10 ? * 6L 2026-2030)', 'cron(0 9 ? * 2#1 *)', 'cron(0 0 L * ? *)', 'cron(0 0 15W * ? *)'])('accepts schedule %s', (expression) => {
    expect(() => compileYaml(withEvent(`        - type: schedule\n          properties:\n            scheduleRate: '${expression}'\n`))).not.toThrow();
  });

  it('refuses a route on an http api that is not in the stack, and on a resource of another type', () => {
    const unknown = withEvent("        - type: http-api-gateway\n          properties:\n            httpApiGatewayName: apii\n            path: /x\n            method: GET\n");
    const e = errorOf(unknown);
    expect(e.code).toBe('NXS_EVENT_HTTP_API_UNKNOWN');
    expect(e.location?.line).toBe(lineOf(unknown, 'httpApiGatewayName'));
    const wrongType = withEvent("        - type: http-api-gateway\n          properties:\n            httpApiGatewayName: fn\n            path: /x\n            method: GET\n");
    expect(errorOf(wrongType).message).toMatch(/is a function, not http-api-gateway/);
  });

  it('refuses an invalid and a duplicate route', () => {
    const bad = withEvent("        - type: http-api-gateway\n          properties:\n            httpApiGatewayName: api\n            path: users\n            method: GET\n");
    expect(errorOf(bad).code).toBe('NXS_HTTP_API_ROUTE_INVALID');
    const route = "        - type: http-api-gateway\n          properties:\n            httpApiGatewayName: api\n            path: /users\n            method: GET\n";
    const dup = withEvent(route + route);
    const e = errorOf(dup);
    expect(e.code).toBe('NXS_HTTP_API_ROUTE_DUPLICATE');
    expect(e.location?.line).toBe(lineOf(dup, 'path: /users') + 5);
  });

  it('refuses an sqs event with both sqsQueueName and sqsQueueArn, and an s3 event on a bucket outside the stack', () => {
    const both = withEvent("        - type: sqs\n          properties:\n            sqsQueueName: jobs\n            sqsQueueArn: arn:aws:sqs:eu-west-1:123456789012:jobs\n");
    expect(errorOf(both).code).toBe('NXS_EVENT_TARGET_INVALID');
    const s3 = withEvent("        - type: s3\n          properties:\n            bucketArn: arn:aws:s3:::elsewhere\n            s3EventType: 's3:ObjectCreated:*'\n");
    const e = errorOf(s3);
    expect(e.code).toBe('NXS_S3_EVENT_BUCKET_NOT_IN_STACK');
    expect(e.location?.line).toBe(lineOf(s3, 'bucketArn'));
  });

  it.each([['runtime: nodejs22.x', 'runtime'], ["layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:x:1']", 'layers']])('refuses %s on an image function', (line, key) => {
    const yaml = `resources:\n  imageFn:\n    type: function\n    properties:\n      ${line}\n      packaging:\n        type: prebuilt-image\n        properties:\n          image: public.ecr.aws/lambda/nodejs:22\n`;
    const e = errorOf(yaml);
    expect(e.code).toBe('NXS_FUNCTION_IMAGE_ZIP_ONLY_PROPERTY');
    expect(e.message).toContain(`'${key}'`);
    expect(e.location?.line).toBe(5);
  });

  it('refuses a zip artifact for an image function (packaged with the wrong packager)', () => {
    const yaml = "resources:\n  imageFn:\n    type: function\n    properties:\n      packaging:\n        type: custom-dockerfile\n        properties:\n          buildContextPath: docker\n";
    expect(errorOf(yaml, { imageFn: artifact('api', manifest('imageFn')) }).code).toBe('NXS_ARTIFACT_KIND_UNSUPPORTED');
  });

  const service = (type: string, resources: string, extra = '') =>
    `resources:\n  web:\n    type: ${type}\n    properties:\n      packaging:\n        type: prebuilt-image\n        properties:\n          image: nginx:1.27\n      resources:\n${resources}${extra}`;

  it.each([
    [{ cpu: 0.25, memory: 4096 }, 'NXS_FARGATE_MEMORY_INVALID', 'memory', /512, 1024, 2048/],
    [{ cpu: 512, memory: 512 }, 'NXS_FARGATE_MEMORY_INVALID', 'memory', /1024, 2048, 3072, 4096/],
    [{ cpu: 4, memory: 4096 }, 'NXS_FARGATE_MEMORY_INVALID', 'memory', /8192-30720 in steps of 1024/],
    [{ cpu: 3, memory: 4096 }, 'NXS_FARGATE_CPU_INVALID', 'cpu', /0.25, 0.5, 1, 2, 4, 8, 16/],
  ])('refuses Fargate resources %o', (resources, code, key, hint) => {
    for (const type of ['web-service', 'private-service', 'worker-service']) {
      const yaml = service(type, '        cpu: 0.25\n        memory: 512\n');
      const e = errorOf(yaml, undefined, (r) => (r.web.properties.resources = resources));
      expect(e.code).toBe(code);
      expect(e.hint).toMatch(hint);
      expect(e.location?.line).toBe(lineOf(yaml, `${key}:`));
    }
  });

  it('refuses bad batch-job resources and scaling with max below min', () => {
    const batch = "resources:\n  job:\n    type: batch-job\n    properties:\n      container:\n        packaging:\n          type: prebuilt-image\n          properties:\n            image: busybox\n      resources:\n        cpu: 2\n        memory: 4096\n";
    const e = errorOf(batch, undefined, (r) => (r.job.properties.resources.memory = 2048));
    expect(e.code).toBe('NXS_FARGATE_MEMORY_INVALID');
    expect(e.location?.line).toBe(12);
    const scaling = service('worker-service', '        cpu: 0.25\n        memory: 512\n', '      scaling:\n        minInstances: 3\n        maxInstances: 4\n');
    const s = errorOf(scaling, undefined, (r) => (r.web.properties.scaling.maxInstances = 2));
    expect(s.code).toBe('NXS_SCALING_INVALID');
    expect(s.location?.line).toBe(lineOf(scaling, 'maxInstances'));
  });

  it('refuses $ResourceParam(fn, url) when the function has no url', () => {
    const yaml = `resources:\n${FN}  other:\n    type: worker-service\n    properties:\n      packaging:\n        type: prebuilt-image\n        properties:\n          image: busybox\n      resources:\n        cpu: 0.25\n        memory: 512\n      environment:\n        - name: FN_URL\n          value: $ResourceParam('fn', 'url')\n`;
    const e = errorOf(yaml);
    expect(e.code).toBe('NXS_RESOURCE_PARAM_UNAVAILABLE');
    expect(e.location?.line).toBe(lineOf(yaml, "value: $ResourceParam('fn', 'url')"));
  });
});
