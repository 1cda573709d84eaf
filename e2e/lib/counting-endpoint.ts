import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * An HTTP endpoint on 127.0.0.1 that records every request it gets (method + URL, one line each)
 * and answers 500. It runs in its own process: runNx blocks this one (spawnSync), so a server
 * here could not answer while nx runs. Set `url` as AWS_ENDPOINT_URL to prove no AWS call is made.
 */
export interface CountingEndpoint {
  readonly url: string;
  /** Requests received so far, e.g. `POST /`. */
  requests(): string[];
  close(): void;
}

const SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const log = process.argv[1];
http.createServer((req, res) => {
  fs.appendFileSync(log, req.method + ' ' + req.url + '\\n');
  req.resume();
  res.writeHead(500, { 'content-type': 'text/plain' }).end('counting endpoint: no AWS call expected');
}).listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });
`;

export async function startCountingEndpoint(): Promise<CountingEndpoint> {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'nxs-endpoint-')), 'requests.log');
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER, log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`counting endpoint exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    close: () => {
      child.kill();
    },
  };
}
