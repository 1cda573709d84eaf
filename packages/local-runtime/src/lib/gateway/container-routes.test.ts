import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStack } from '@nxstack/core';
import { httpEndpoints } from './http-routes';
import { startLocalGateway } from './local-gateway';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-container-routes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeStack(port: number): void {
  mkdirSync(path.join(root, 'c/web'), { recursive: true });
  writeFileSync(path.join(root, 'c/web/Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(root, 'c/stack.yml'), [
    'resources:',
    '  api:',
    '    type: http-api-gateway',
    '  app:',
    '    type: multi-container-workload',
    '    properties:',
    '      resources: { cpu: 0.25, memory: 512 }',
    '      containers:',
    '        - name: web',
    '          packaging: { type: custom-dockerfile, properties: { buildContextPath: web } }',
    '          events:',
    `            - { type: http-api-gateway, properties: { httpApiGatewayName: api, containerPort: ${port}, method: '*', path: '/items/{proxy+}' } }`,
    '',
  ].join('\n'));
}

describe('HTTP API routes to a workload container', () => {
  it('are routes of the API, proxied to the container port as API Gateway\'s HTTP_PROXY integration passes them (503 when it does not answer)', async () => {
    const container = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => res.writeHead(201, { 'content-type': 'application/json', 'x-from': 'container' }).end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), forwardedFor: req.headers['x-forwarded-for'] })));
    });
    await new Promise<void>((r) => container.listen(0, '127.0.0.1', r));
    const port = (container.address() as AddressInfo).port;
    writeStack(port);
    const stack = await loadStack('c/stack.yml', { workspaceRoot: root });
    expect(httpEndpoints(stack)[0]!.routes).toEqual([expect.objectContaining({ routeKey: 'ANY /items/{proxy+}', functionName: 'app/web', containerPort: port })]);
    const gateway = await startLocalGateway({ workspaceRoot: root, projectName: 'c', stackFile: 'c/stack.yml', region: 'local', log: () => undefined });
    try {
      const res = await fetch(`${gateway.urls['api']}/items/a/b?x=1`, { method: 'PUT', body: 'hello' });
      expect([res.status, res.headers.get('x-from')]).toEqual([201, 'container']);
      expect(await res.json()).toEqual({ method: 'PUT', url: '/items/a/b?x=1', body: 'hello', forwardedFor: '127.0.0.1' });
      expect((await fetch(`${gateway.urls['api']}/other`)).status).toBe(404);
      await new Promise((r) => container.close(r));
      const down = await fetch(`${gateway.urls['api']}/items/x`);
      expect([down.status, await down.json()]).toEqual([503, { message: 'Service Unavailable' }]);
    } finally {
      await gateway.close();
      container.close();
    }
  });
});
