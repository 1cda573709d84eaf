import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal Lambda Runtime API on 127.0.0.1: hands one event to the bootstrap, captures its
 * response, and keeps the second /next waiting (as the real service does between invokes).
 */
export async function invokeBootstrap(bootstrap: string, cwd: string, event: unknown, timeoutMs = 20_000): Promise<unknown> {
  let child: ChildProcess | undefined;
  let served = false;
  let settle!: (v: unknown) => void;
  let fail!: (e: Error) => void;
  const result = new Promise<unknown>((res, rej) => ((settle = res), (fail = rej)));
  const server = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/2018-06-01/runtime/invocation/next') {
        if (served) return; // leave the next poll hanging: one invoke only
        served = true;
        res.writeHead(200, {
          'content-type': 'application/json',
          'lambda-runtime-aws-request-id': 'req-1',
          'lambda-runtime-deadline-ms': String(Date.now() + 60_000),
          'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:hello',
        });
        res.end(JSON.stringify(event));
      } else if (req.method === 'POST' && req.url === '/2018-06-01/runtime/invocation/req-1/response') {
        res.writeHead(202).end();
        settle(JSON.parse(Buffer.concat(body).toString('utf8')));
      } else {
        res.writeHead(202).end();
        fail(new Error(`unexpected ${req.method} ${req.url}: ${Buffer.concat(body).toString('utf8')}`));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let output = '';
  try {
    child = spawn(bootstrap, [], { cwd, env: { PATH: process.env.PATH, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`, LAMBDA_TASK_ROOT: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('exit', (code) => fail(new Error(`bootstrap exited ${code} before responding: ${output}`)));
    const timer = setTimeout(() => fail(new Error(`no response in ${timeoutMs} ms: ${output}`)), timeoutMs);
    try {
      return await result;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    child?.removeAllListeners('exit');
    child?.kill('SIGKILL');
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
