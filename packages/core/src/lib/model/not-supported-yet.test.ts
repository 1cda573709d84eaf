import { describe, expect, it } from 'vitest';
import { parseStack } from './load-stack';
import { StackLoadError } from './stack-load-error';

const fn = (extra = '') => `
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }${extra}`;

// Stacktape settings nxstack does not compile yet: one located NXS_NOT_SUPPORTED_YET each, reported with the other schema errors.
const STACK = `resources:
  site:
    type: hosting-bucket
    properties: { uploadDirectoryPath: ./dist, build: { command: npm run build } }
  lb:
    { type: application-load-balancer, properties: { cdn: { enabled: true } } }
  files:
    type: application-load-balancer
    properties:
      alarms: []
  albEvent:${fn('\n      events: [{ type: network-load-balancer, properties: { loadBalancerName: lb } }]')}
  web:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } }
      resources: { cpu: 0.25, memory: 512 }
      loadBalancing: { type: network-load-balancer, properties: { ports: [{ port: 443 }] } }
  job:
    type: batch-job
    properties:
      container: { packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } } }
      resources: { cpu: 1, memory: 2048 }
      events: [{ type: iot, properties: { sql: "SELECT * FROM 'x'" } }]
  typo:${fn('\n      timout: 3')}
`;

function problems(text: string) {
  try {
    parseStack(text, 'stack.yml', { checkPaths: false });
  } catch (e) {
    return (e as StackLoadError).problems;
  }
  throw new Error('expected the stack to fail');
}

describe('not supported yet', () => {
  it('names each Stacktape type or property, at its line, together with ordinary schema errors', () => {
    const found = problems(STACK).map((p) => [p.code, p.location?.line, p.message]);
    expect(found).toEqual(expect.arrayContaining([
      ['NXS_NOT_SUPPORTED_YET', 6, 'application-load-balancer cdn is not supported yet'],
      ['NXS_NOT_SUPPORTED_YET', 10, 'application-load-balancer alarms is not supported yet'],
      ['NXS_NOT_SUPPORTED_YET', 15, "event type 'network-load-balancer' is not supported yet"],
      ['NXS_NOT_SUPPORTED_YET', 21, "web-service loadBalancing type 'network-load-balancer' is not supported yet"],
      ['NXS_NOT_SUPPORTED_YET', 27, "event type 'iot' is not supported yet"],
      ['NXS_UNKNOWN_PROPERTY', 32, "unknown property 'timout' in resources.typo.properties"],
    ]));
    expect(found).toHaveLength(6);
  });

  it("names Stacktape's out-of-scope types (framework web types, agentcore-*, convex) and the ones not built yet", () => {
    const types = ['nextjs-web', 'astro-web', 'agentcore-runtime', 'convex', 'sveltekit-web', 'open-search-domain', 'bastion', 'upstash-redis', 'aws-cdk-construct'];
    const found = problems(`resources:\n${types.map((t, i) => `  r${i}:\n    type: ${t}\n`).join('')}`).map((p) => [p.code, p.location?.line, p.message]);
    expect(found).toEqual(types.map((t, i) => ['NXS_NOT_SUPPORTED_YET', 3 + 2 * i, `resource type '${t}' is not supported yet`]));
  });

  it('accepts the value that turns a setting off (useSpotInstances: false) and the compiled settings (batch-job trigger events, lifecycleRules, onDeliveryFailure, hosting-bucket build/dev/writeDotenvFilesTo)', () => {
    const stack = parseStack(`resources:
  job:
    type: batch-job
    properties:
      container: { packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } } }
      resources: { cpu: 1, memory: 2048 }
      useSpotInstances: false
      events:
        - { type: sqs, properties: { sqsQueueName: q, maxBatchWindowSeconds: 5 } }
        - { type: cloudwatch-log, properties: { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:app' } }
        - { type: event-bus, properties: { useDefaultBus: true, eventPattern: { source: [a] }, onDeliveryFailure: { sqsQueueName: q } } }
  files:
    type: bucket
    properties:
      cdn: { enabled: true, cloudfrontPriceClass: PriceClass_100 }
      lifecycleRules: [{ type: expiration, properties: { daysAfterUpload: 3 } }]
  stream:
    type: kinesis-stream
  site:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: ./dist
      build: { command: npm run build, workingDirectory: . }
      dev: { command: npm run dev }
      writeDotenvFilesTo: ./
      injectEnvironment: [{ name: API_URL, value: https://example.com }]
`, 'stack.yml', { checkPaths: false });
    expect(Object.keys(stack.config.resources)).toEqual(['job', 'files', 'stream', 'site']);
  });
});
