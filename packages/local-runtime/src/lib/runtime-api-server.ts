import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const PREFIX = '/2018-06-01/runtime';

/** One event handed to the runtime through `/invocation/next`. */
export interface Invocation {
  readonly requestId: string;
  readonly payload: Buffer;
  /** The function's timeout: the deadline header is delivery time + this. */
  readonly timeoutMs: number;
  readonly functionArn: string;
  /** Called when the runtime receives the event, with the deadline it was given (epoch ms). */
  readonly onDelivered: (deadlineMs: number) => void;
}

/** What the runtime answered for one invocation. */
export type RuntimeAnswer =
  | { readonly kind: 'response'; readonly body: Buffer }
  | { readonly kind: 'error'; readonly body: Buffer; readonly errorType?: string };

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on 127.0.0.1 at an
 * ephemeral port: the runtime long-polls `/invocation/next`, answers with `/response` or
 * `/error`, and reports start-up failures on `/init/error`. One invocation at a time, as in Lambda.
 */
export class RuntimeApiServer {
  private readonly server: http.Server;
  private waitingPoll?: http.ServerResponse;
  private queued?: Invocation;
  private current?: { invocation: Invocation; resolve: (a: RuntimeAnswer) => void };
  private onInitError?: (body: Buffer, errorType?: string) => void;

  constructor() {
    this.server = http.createServer({ noDelay: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.route(req, res, Buffer.concat(chunks)));
    });
    this.server.keepAliveTimeout = 0;
  }

  /** Starts listening; returns `host:port` for AWS_LAMBDA_RUNTIME_API. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Called once when the runtime reports an init error. */
  setInitErrorListener(listener: (body: Buffer, errorType?: string) => void): void {
    this.onInitError = listener;
  }

  /** Hands an event to the runtime; resolves with its answer. Call `abandon` on timeout/crash. */
  invoke(invocation: Invocation): Promise<RuntimeAnswer> {
    if (this.current) throw new Error(`invocation ${this.current.invocation.requestId} is still running`);
    return new Promise<RuntimeAnswer>((resolve) => {
      this.current = { invocation, resolve };
      if (this.waitingPoll) {
        const res = this.waitingPoll;
        this.waitingPoll = undefined;
        this.sendInvocation(res, invocation);
      } else {
        this.queued = invocation;
      }
    });
  }

  /** Forgets the running invocation and any parked poll (the runtime timed out or died). */
  abandon(): void {
    this.current = undefined;
    this.queued = undefined;
    this.waitingPoll?.destroy();
    this.waitingPoll = undefined;
  }

  async close(): Promise<void> {
    this.waitingPoll?.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) return this.next(res);
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      this.accepted(res);
      this.onInitError?.(body, header(req, 'lambda-runtime-function-error-type'));
      return;
    }
    const m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && m) {
      const requestId = decodeURIComponent(m[1]);
      const current = this.current;
      if (!current || current.invocation.requestId !== requestId) {
        return json(res, 400, { errorMessage: `Invalid request ID: ${requestId}`, errorType: 'InvalidRequestID' });
      }
      this.current = undefined;
      this.accepted(res);
      current.resolve(m[2] === 'response' ? { kind: 'response', body } : { kind: 'error', body, errorType: header(req, 'lambda-runtime-function-error-type') });
      return;
    }
    json(res, 404, { errorMessage: `Unknown Runtime API path ${req.method} ${url}`, errorType: 'NotFound' });
  }

  private next(res: http.ServerResponse): void {
    if (this.queued) {
      const inv = this.queued;
      this.queued = undefined;
      return this.sendInvocation(res, inv);
    }
    this.waitingPoll?.destroy();
    this.waitingPoll = res;
  }

  private sendInvocation(res: http.ServerResponse, inv: Invocation): void {
    const deadlineMs = Date.now() + inv.timeoutMs;
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': inv.requestId,
      'lambda-runtime-deadline-ms': String(deadlineMs),
      'lambda-runtime-invoked-function-arn': inv.functionArn,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(deadlineMs / 1000).toString(16)}-${inv.requestId.replace(/-/g, '').slice(0, 24)};Parent=0000000000000000;Sampled=0`,
    });
    res.end(inv.payload);
    inv.onDelivered(deadlineMs);
  }

  private accepted(res: http.ServerResponse): void {
    json(res, 202, { status: 'OK' });
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
