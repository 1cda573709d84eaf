import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { CacheStorage } from './storage';
import { tokenChecker, type Access, type TokenSet } from './tokens';

export interface CacheServerOptions {
  readonly storage: CacheStorage;
  readonly tokens: TokenSet;
  /** Largest accepted upload in bytes; larger ones get 413. */
  readonly maxSize: number;
  /** One line per request (method, hash, status, bytes, time, access); never a token. */
  readonly log?: (line: string) => void;
}

export interface RunningCacheServer {
  readonly server: Server;
  /** `http://host:port` as bound. */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/** Nx task hashes are decimal; letters, `_` and `-` are accepted too, but never `/` or a leading dot. */
const HASH = /^[A-Za-z0-9_-]{1,200}$/;
// Nx joins `<server>/v1/cache/<hash>`, so a server URL with a trailing slash sends `//v1/...`.
const ROUTE = /^\/+v1\/cache\/([^/?]*)$/;

class TooLarge extends Error {}
class LengthMismatch extends Error {}

/** Passes bytes through, failing once more than `max` arrived or when the total differs from `expected`. */
function byteLimit(max: number, expected: number | undefined): Transform & { readonly bytes: () => number } {
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      bytes += chunk.length;
      if (bytes > max) return done(new TooLarge());
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      done(expected !== undefined && bytes !== expected ? new LengthMismatch() : null);
    },
  });
  return Object.assign(t, { bytes: () => bytes });
}

/** Reads and discards a request body (up to `max` bytes) so the client sees the answer, not a reset. */
function drain(req: IncomingMessage, max: number): Promise<void> {
  return new Promise((resolve) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) req.destroy();
    });
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', () => resolve());
  });
}

function contentLength(req: IncomingMessage): number | undefined | 'invalid' {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : 'invalid';
}

/** Creates the HTTP handler for Nx's self-hosted remote cache API (`GET`/`PUT /v1/cache/{hash}`). */
export function cacheRequestHandler(opts: CacheServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const check = tokenChecker(opts.tokens);
  const log = opts.log ?? (() => undefined);

  async function handle(req: IncomingMessage, res: ServerResponse, note: (s: string) => void): Promise<void> {
    const answer = async (status: number, message: string, headers: Record<string, string> = {}): Promise<void> => {
      if (req.method === 'PUT' && !req.readableEnded) await drain(req, opts.maxSize);
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(`${message}\n`);
    };
    const path = (req.url ?? '/').split('?')[0];
    // For load-balancer health checks: no token, no storage call, nothing about the cache.
    if (path === '/health' && req.method === 'GET') return answer(200, 'ok');
    const route = ROUTE.exec(path);
    if (!route) return answer(404, 'Not found: the API is GET/PUT /v1/cache/{hash}');
    if (req.method !== 'GET' && req.method !== 'PUT') return answer(405, 'Method not allowed', { allow: 'GET, PUT' });

    const access: Access = check(req.headers.authorization);
    note(access);
    if (access === 'none') return answer(401, 'Missing or unknown bearer token');
    const hash = route[1];
    if (!HASH.test(hash)) return answer(400, 'Invalid hash');

    if (req.method === 'GET') {
      const entry = await opts.storage.get(hash);
      if (!entry) return answer(404, 'No cache entry for this hash');
      res.writeHead(200, { 'content-type': 'application/octet-stream', ...(entry.size !== undefined ? { 'content-length': String(entry.size) } : {}) });
      await pipelineAsync(entry.body, res);
      return;
    }

    // PUT
    if (access !== 'read-write') return answer(403, 'This token may read the cache but not write it');
    const length = contentLength(req);
    if (length === 'invalid') return answer(400, 'Invalid Content-Length');
    if (length !== undefined && length > opts.maxSize) {
      // Not drained: the client is told at once and the connection is closed after the answer.
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`Upload of ${length} bytes is over the limit of ${opts.maxSize} bytes\n`);
      return;
    }
    if (length === undefined && opts.storage.requiresContentLength) return answer(411, 'This storage needs a Content-Length');
    if (await opts.storage.has(hash)) return answer(409, 'This hash is already cached; entries are immutable');

    const limit = byteLimit(opts.maxSize, length);
    // Callback pipeline: an aborted request destroys `limit` with the error, which fails the storage write.
    const body = pipeline(req, limit, () => undefined);
    let result: 'stored' | 'exists';
    try {
      result = await opts.storage.put(hash, body, length);
    } catch (e) {
      if (e instanceof TooLarge) {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end(`Upload is over the limit of ${opts.maxSize} bytes\n`);
        return;
      }
      if (req.destroyed && !req.complete) {
        note('aborted');
        res.destroy();
        return;
      }
      throw e;
    }
    note(`${limit.bytes()}B`);
    if (result === 'exists') return answer(409, 'This hash is already cached; entries are immutable');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Stored\n');
  }

  return (req, res) => {
    const started = Date.now();
    const notes: string[] = [];
    const path = (req.url ?? '/').split('?')[0];
    res.on('close', () => {
      log(`${req.method} ${path} ${res.headersSent ? res.statusCode : '-'} ${Date.now() - started}ms ${notes.join(' ')}`.trimEnd());
    });
    handle(req, res, (s) => notes.push(s)).catch((e: unknown) => {
      notes.push(`error: ${(e as Error)?.message ?? String(e)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('Storage error\n');
      } else {
        res.destroy();
      }
    });
  };
}

/** Starts the cache server on `host:port` (port 0 = any free port). */
export async function startCacheServer(opts: CacheServerOptions & { port: number; host: string }): Promise<RunningCacheServer> {
  const server = createServer(cacheRequestHandler(opts));
  // Uploads of large artifacts from slow CI runners can take a while.
  server.requestTimeout = 15 * 60 * 1000;
  // Longer than a load balancer's idle timeout (ALB: 60 s), so the server never closes a kept-alive
  // connection the balancer is about to reuse (which would surface as a 502 and fail the Nx run).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: async (graceMs = 25_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
