import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStack, localEndpointPort, loadBalancerLogicalId, loadBalancerListenerLogicalId, stackName } from '@nxstack/core';
import { albLambdaEvent, albLambdaResponse } from './alb-lambda';
import { matchAlbRule, type AlbRequest } from './alb-rule-match';
import { localAlbListeners, localNlbListeners } from './load-balancer-routes';
import { startLocalLoadBalancers } from './local-load-balancers';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-lb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const container = (name: string, events: string[]) => [
  `        - name: ${name}`,
  '          packaging:',
  '            type: custom-dockerfile',
  `            properties: { buildContextPath: ${name} }`,
  '          events:',
  ...events.map((e) => `            - ${e}`),
];

const STACK = (webPort: number, tcpPort: number) => [
  'resources:',
  '  web:',
  '    type: application-load-balancer',
  '    properties:',
  '      listeners:',
  '        - { protocol: HTTP, port: 80 }',
  '        - { protocol: HTTP, port: 8080, defaultAction: { type: redirect, properties: { statusCode: HTTP_301, path: /moved } } }',
  '  tcp:',
  '    type: network-load-balancer',
  '    properties:',
  '      listeners: [{ protocol: TCP, port: 7000 }]',
  '  hello:',
  '    type: function',
  '    properties:',
  '      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/hello.ts } }',
  '      events:',
  "        - { type: application-load-balancer, properties: { loadBalancerName: web, listenerPort: 80, priority: 5, paths: ['/api/*'], methods: [get] } }",
  "        - { type: application-load-balancer, properties: { loadBalancerName: web, listenerPort: 80, priority: 1, hosts: ['*.Example.com'], queryParams: [{ paramName: v, values: ['2'] }] } }",
  '  app:',
  '    type: multi-container-workload',
  '    properties:',
  '      resources: { cpu: 0.25, memory: 512 }',
  '      containers:',
  ...container('front', [
    `{ type: application-load-balancer, properties: { loadBalancerName: web, listenerPort: 80, containerPort: ${webPort}, priority: 10, paths: ['/*'] } }`,
    `{ type: application-load-balancer, properties: { loadBalancerName: web, listenerPort: 8080, containerPort: ${webPort}, priority: 1, paths: ['/fr?nt'], sourceIps: ['127.0.0.0/8'] } }`,
  ]),
  ...container('back', [`{ type: network-load-balancer, properties: { loadBalancerName: tcp, listenerPort: 7000, containerPort: ${tcpPort} } }`]),
  '',
].join('\n');

async function stack(webPort = 3000, tcpPort = 4000) {
  for (const dir of ['lb/src', 'lb/front', 'lb/back']) mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, 'lb/src/hello.ts'), 'export {};\n');
  for (const c of ['front', 'back']) writeFileSync(path.join(root, `lb/${c}/Dockerfile`), 'FROM scratch\n');
  writeFileSync(path.join(root, 'lb/stack.yml'), STACK(webPort, tcpPort));
  return loadStack('lb/stack.yml', { workspaceRoot: root });
}

const request = (o: Partial<AlbRequest> & { host?: string }): AlbRequest => ({ method: 'GET', path: '/', query: '', sourceIp: '127.0.0.1', ...o, headers: [...(o.headers ?? []), ['Host', o.host ?? '127.0.0.1:20000']] });

describe('ALB listener rules on the local stage', () => {
  it('each listener holds the rules its events put on it; the url listener listens on the load balancer\'s local address', async () => {
    const name = stackName('lb', 'local');
    const listeners = localAlbListeners(await stack(), name);
    expect(listeners.map((l) => [l.listenerPort, l.localPort, l.rules.map((r) => r.priority)])).toEqual([
      [80, localEndpointPort(name, loadBalancerLogicalId('web')), [5, 1, 10]],
      [8080, localEndpointPort(name, loadBalancerListenerLogicalId('web', 8080)), [1]],
    ]);
    expect(listeners[1]!.redirect).toEqual({ statusCode: 'HTTP_301', path: '/moved' });
    expect(localNlbListeners(await stack(), name)).toEqual([{ loadBalancer: 'tcp', listenerPort: 7000, localPort: localEndpointPort(name, loadBalancerLogicalId('tcp')), target: { kind: 'container', workload: 'app', container: 'back', port: 4000 } }]);
  });

  it('matches in priority order: path patterns (case-sensitive, * and ?), methods, hosts (case-insensitive), query strings, source IPs', async () => {
    const [port80, port8080] = localAlbListeners(await stack(), stackName('lb', 'local'));
    const target = (r: AlbRequest, l = port80!) => {
      const t = matchAlbRule(l.rules, r)?.target;
      return t?.kind === 'function' ? t.functionName : t ? `${t.container}:${t.port}` : undefined;
    };
    expect(target(request({ path: '/api/users' }))).toBe('hello');
    // The method condition is part of the rule: a POST falls through to the container's catch-all.
    expect(target(request({ path: '/api/users', method: 'POST' }))).toBe('front:3000');
    expect(target(request({ path: '/API/users' }))).toBe('front:3000');
    // Priority 1 (host + query) wins over priority 5 when both match.
    expect(target(request({ path: '/api/x', host: 'shop.example.COM:80', query: 'v=2' }))).toBe('hello');
    expect(target(request({ path: '/other', host: 'shop.example.com', query: 'v=3' }))).toBe('front:3000');
    expect(target(request({ path: '/front' }), port8080)).toBe('front:3000');
    expect(target(request({ path: '/fraont' }), port8080)).toBeUndefined();
    expect(target(request({ path: '/front', sourceIp: '10.0.0.1' }), port8080)).toBeUndefined();
  });

  it('builds the ALB Lambda event and maps its answer; an answer without statusCode is invalid (502)', () => {
    const event = albLambdaEvent({ ...request({ method: 'POST', path: '/api/x', query: 'a=1&b=x%20y&a=2', headers: [['Content-Type', 'application/json'], ['X-Twice', '1'], ['x-twice', '2']] }), body: Buffer.from('{"k":1}') }, 'web-hello');
    expect(event).toMatchObject({ httpMethod: 'POST', path: '/api/x', queryStringParameters: { a: '2', b: 'x%20y' }, body: '{"k":1}', isBase64Encoded: false, headers: { 'content-type': 'application/json', 'x-twice': '2' } });
    expect((event.requestContext as { elb: { targetGroupArn: string } }).elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:local:\d{12}:targetgroup\/web-hello\//);
    expect(albLambdaEvent({ ...request({}), body: Buffer.from([0, 255]) }, 't')).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
    expect(albLambdaResponse(JSON.stringify({ statusCode: 201, headers: { a: 'b' }, multiValueHeaders: { 'set-cookie': ['x=1', 'y=2'] }, body: 'aGk=', isBase64Encoded: true }))).toEqual({ statusCode: 201, headers: [['a', 'b'], ['set-cookie', 'x=1'], ['set-cookie', 'y=2']], body: Buffer.from('hi') });
    expect(albLambdaResponse('{"body":"x"}')).toBeUndefined();
    expect(albLambdaResponse('not json')).toBeUndefined();
  });

  it('serves: a container rule is proxied to its port, a listener redirect answers 301, an NLB listener forwards TCP; a container that does not answer is 502', async () => {
    const app = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, forwarded: req.headers['x-forwarded-port'] })));
    const echo = net.createServer((s) => s.on('data', (d) => s.end(`echo ${d}`)));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const webPort = (app.address() as net.AddressInfo).port;
    const tcpPort = (echo.address() as net.AddressInfo).port;
    // The function's rules are left out: its package output is not here (e2e/local-image.test.ts serves one).
    const s = await stack(webPort, tcpPort);
    (s.config.resources.hello!.properties as { events: unknown[] }).events = [];
    const lines: string[] = [];
    const lbs = await startLocalLoadBalancers({ workspaceRoot: root, projectName: 'lb', projectRoot: 'lb', stack: s, region: 'local', hostEnv: {}, log: (l) => lines.push(l) });
    try {
      const [main, redirect, tcp] = lbs.endpoints;
      expect([main!.type, main!.listenerPort, redirect!.listenerPort, tcp!.type]).toEqual(['application-load-balancer', 80, 8080, 'network-load-balancer']);
      const proxied = await fetch(`${main!.address}/x/y?q=1`);
      expect(await proxied.json()).toEqual({ url: '/x/y?q=1', forwarded: '80' });
      const none = await fetch(`${redirect!.address}/nothing`, { redirect: 'manual' });
      expect([none.status, none.headers.get('location')]).toEqual([301, `http://127.0.0.1:${new URL(redirect!.address).port}/moved`]);
      const answer = await new Promise<string>((resolve, reject) => {
        const [host, port] = tcp!.address.split(':');
        const c = net.connect(Number(port), host, () => c.write('ping'));
        let got = '';
        c.on('data', (d) => (got += d)).on('end', () => resolve(got)).on('error', reject);
      });
      expect(answer).toBe('echo ping');
      expect(lines.join('\n')).toMatch(/web: GET \/x\/y\?q=1 → 200 → app\/front port \d+/);
    } finally {
      await lbs.close();
      app.close();
      echo.close();
    }
    // The container is gone: the ALB answers 502.
    const s2 = await stack(webPort, tcpPort);
    (s2.config.resources.hello!.properties as { events: unknown[] }).events = [];
    const only = await startLocalLoadBalancers({ workspaceRoot: root, projectName: 'lb2', projectRoot: 'lb', stack: s2, region: 'local', hostEnv: {}, log: () => undefined });
    try {
      const main = only.endpoints[0]!;
      const refused = await fetch(`${main.address}/down`);
      expect(refused.status).toBe(502);
    } finally {
      await only.close();
    }
  });
});
