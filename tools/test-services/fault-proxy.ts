/**
 * A fault-injecting HTTP proxy for tests: forwards every request to a target (moto) and, by
 * rule, breaks some of them the ways networks and S3 do: a connection reset in the middle of the
 * request body, a 500 InternalError, or an answer held back longer than the client waits.
 * Rules are used in order, each for its first `times` matching requests; `injected` counts what
 * was really done, so a test can prove its faults were hit. Start one per test, close it by handle.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Read the first chunk of the request body, then destroy the connection without an answer. */
  | { readonly kind: 'reset' }
  /** Read the whole request, answer 500 with an S3 InternalError body, forward nothing. */
  | { readonly kind: 'status500' }
  /** Read the whole request, wait `ms`, then forward it and relay the (late) answer. */
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultRule {
  readonly method?: string;
  /** Matched against the request path (with query). */
  readonly path: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault (default 1); afterwards the rule lets them pass. */
  readonly times?: number;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The fault injected into it, if any. */
  readonly fault?: Fault['kind'];
}

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Every request seen, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** Faults really injected, by kind. */
  readonly injected: Readonly<Record<Fault['kind'], number>>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, rules: readonly FaultRule[]): Promise<FaultProxy> {
  const upstream = new URL(target);
  const left = rules.map((r) => r.times ?? 1);
  const requests: ProxiedRequest[] = [];
  const injected: Record<Fault['kind'], number> = { reset: 0, status500: 0, delay: 0 };
  const held = new Set<NodeJS.Timeout>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | undefined) => {
    // This proxy already answered any `Expect: 100-continue`; the body goes upstream in one go.
    const { expect: _expect, ...headers } = req.headers;
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    if (body) out.end(body);
    else req.pipe(out);
  };

  const readAll = (req: http.IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const i = rules.findIndex((r, n) => left[n]! > 0 && (!r.method || r.method === req.method) && r.path.test(path));
    const fault = i >= 0 ? rules[i]!.fault : undefined;
    requests.push({ method: req.method ?? '', path, fault: fault?.kind });
    if (!fault) return forward(req, res, undefined);
    left[i]!--;
    injected[fault.kind]++;
    if (fault.kind === 'reset') {
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    void readAll(req).then(
      (body) => {
        if (fault.kind === 'status500') {
          res.writeHead(500, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the fault proxy</Message></Error>');
          return;
        }
        const timer = setTimeout(() => {
          held.delete(timer);
          forward(req, res, body);
        }, fault.ms);
        held.add(timer);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injected,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of held) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
