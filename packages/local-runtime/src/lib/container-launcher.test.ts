import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerClient } from '../../../image-builder/src/__fixtures__/busybox-base';
import { containerLauncher } from './container-launcher';
import { LocalFunction } from './local-function';

const work = mkdtempSync(path.join(os.tmpdir(), 'nxs-container-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LINES = 3000;

// A Runtime API client that prints a lot, then answers at once: the last lines are still on their
// way through the engine when the answer arrives.
const RUNTIME = `
const http = require('node:http');
const api = process.env.AWS_LAMBDA_RUNTIME_API;
http.get('http://' + api + '/2018-06-01/runtime/invocation/next', (res) => {
  const id = res.headers['lambda-runtime-aws-request-id'];
  res.resume();
  res.on('end', () => {
    for (let i = 0; i < ${LINES}; i++) process.stdout.write('line ' + i + ' ' + 'x'.repeat(60) + '\\n');
    const req = http.request('http://' + api + '/2018-06-01/runtime/invocation/' + id + '/response', { method: 'POST' }, (r) => r.resume());
    req.end('{"ok":true}');
  });
});
`;

describe('an image function run as a container', () => {
  it("the invocation's logs hold everything it printed before it answered", async () => {
    const runtime = path.join(work, 'bootstrap.js');
    writeFileSync(runtime, RUNTIME);
    // The test engine's Lambda image (tools/services/lambda-images.sh): the host's node; its bootstrap replaced by ours.
    const launcher = containerLauncher({ docker: dockerClient(), image: 'nxs-test/lambda:nodejs22.x', command: ['index.handler'], binds: [`${runtime}:/var/runtime/bootstrap.js:ro`] });
    const fn = new LocalFunction({
      functionName: 'chatty',
      taskRoot: work,
      runtime: 'image',
      handler: 'index.handler',
      architecture: 'x86_64',
      environment: {},
      timeoutSeconds: 30,
      memoryMB: 256,
      region: 'eu-west-1',
      logFile: path.join(work, 'runtime.log'),
      hostEnv: {},
      cacheDir: work,
      launcher,
    });
    try {
      const result = await fn.invoke({});
      expect(result.outcome).toBe('success');
      expect(result.payload).toBe('{"ok":true}');
      const lines = result.logs.split(/\r?\n/).filter(Boolean);
      expect(lines).toHaveLength(LINES);
      expect(lines.at(-1)).toBe(`line ${LINES - 1} ${'x'.repeat(60)}`);
    } finally {
      await fn.close();
    }
  });
});
