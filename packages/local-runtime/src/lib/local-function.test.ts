import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalFunction, invokeLocal, type LocalFunctionSpec, type OpenedFunction } from './invoke-local';

const PLAIN = path.join(__dirname, '..', '__fixtures__', 'node-plain');
const opened: OpenedFunction[] = [];
afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
});

function spec(handler: string, extra: Partial<LocalFunctionSpec> = {}): LocalFunctionSpec {
  return { artifactDir: PLAIN, runtime: 'nodejs20.x', handler, architecture: 'x86_64', environment: { CUSTOM: 'yes' }, timeout: 3, memory: 256, functionName: 'plainFn', region: 'eu-west-1', ...extra };
}

async function open(handler: string, extra: Partial<LocalFunctionSpec> = {}): Promise<OpenedFunction> {
  const o = await openLocalFunction(spec(handler, extra));
  opened.push(o);
  return o;
}

describe('LocalFunction through the Runtime API', () => {
  it('keeps one warm runtime process: the second invoke reuses it, with the Lambda environment', async () => {
    const { fn } = await open('index.echo');
    const first = await fn.invoke({ n: 1 });
    const second = await fn.invoke({ n: 2 });
    expect(first.outcome).toBe('success');
    const a = JSON.parse(first.payload);
    const b = JSON.parse(second.payload);
    expect(a).toMatchObject({ event: { n: 1 }, calls: 1, requestId: first.requestId });
    expect(b).toMatchObject({ event: { n: 2 }, calls: 2, pid: a.pid, requestId: second.requestId });
    expect(a.requestId).not.toBe(b.requestId);
    expect(a.remaining).toBeGreaterThan(2000);
    expect(a.remaining).toBeLessThanOrEqual(3000);
    expect(a.env).toEqual({ name: 'plainFn', region: 'eu-west-1', handler: 'index.echo', taskRoot: PLAIN, memory: '256', custom: 'yes' });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(first.logs).toMatch(new RegExp(`^\\S+Z\\t${first.requestId}\\tINFO\\techo {"n":1}\\n$`));
    expect(second.logs).toContain(`${second.requestId}\tINFO\techo {"n":2}`);
    expect(second.logs).not.toContain('"n":1');
    expect(first.memorySizeMB).toBe(256);
    expect(first.maxMemoryUsedMB).toBeGreaterThan(10);
    expect(first.billedDurationMs).toBeGreaterThanOrEqual(first.durationMs);
  });

  it('kills a runtime that passes its timeout and reports it; the next invoke is a cold start', async () => {
    const { fn } = await open('index.slow', { timeout: 1 });
    const started = Date.now();
    const r = await fn.invoke({});
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.outcome).toBe('timeout');
    expect(JSON.parse(r.payload)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
    expect(r.logs).toContain('going to sleep');
    const again = await fn.invoke({});
    expect(again.outcome).toBe('timeout');
    expect(again.initDurationMs).toBeDefined();
  });

  it('reports a crash (process exit) with the runtime output', async () => {
    const { fn } = await open('index.crash');
    const r = await fn.invoke({});
    expect(r.outcome).toBe('crash');
    expect(JSON.parse(r.payload)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3` });
    expect(r.logs).toContain('about to exit');
  });

  it('reports the peak RSS of the runtime process as max memory', async () => {
    const { fn } = await open('index.hog', { memory: 1024 });
    const small = await fn.invoke({ mb: 1 });
    const big = await fn.invoke({ mb: 200 });
    expect(big.outcome).toBe('success');
    expect(big.maxMemoryUsedMB! - small.maxMemoryUsedMB!).toBeGreaterThan(150);
  });

  it('kills a runtime whose peak memory passes the memory size, as Lambda does', async () => {
    const { fn } = await open('index.hog', { memory: 128 });
    const ok = await fn.invoke({ mb: 1 });
    expect(ok.outcome).toBe('success');
    const r = await fn.invoke({ mb: 300 });
    expect(r.outcome).toBe('crash');
    expect(r.errorType).toBe('Runtime.OutOfMemory');
    expect(JSON.parse(r.payload).errorMessage).toMatch(/Runtime exited with error: signal: killed \(max memory used \d+ MB > memory size 128 MB\)$/);
    expect(r.maxMemoryUsedMB).toBeGreaterThan(128);
    const again = await fn.invoke({ mb: 1 });
    expect(again.outcome).toBe('success');
    expect(again.initDurationMs).toBeDefined();
  });

  it('returns handler errors as errorType, errorMessage and trace', async () => {
    const r = await invokeLocal({ ...spec('index.throws'), event: {} });
    expect(r.outcome).toBe('error');
    expect(r.errorType).toBe('RangeError');
    const body = JSON.parse(r.payload);
    expect(body).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
    expect(body.trace[0]).toBe('RangeError: out of range');
    expect(body.trace[1]).toContain(path.join(PLAIN, 'index.js'));
  });

  it('supports callback handlers and ESM modules', async () => {
    expect(JSON.parse((await invokeLocal({ ...spec('index.callback'), event: { x: 7 } })).payload)).toEqual({ viaCallback: 7 });
    const failed = await invokeLocal({ ...spec('index.callbackError'), event: {} });
    expect(failed.outcome).toBe('error');
    expect(JSON.parse(failed.payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect(JSON.parse((await invokeLocal({ ...spec('esm.handler'), event: { y: 1 } })).payload)).toEqual({ esm: true, got: { y: 1 } });
  });

  it('reports init errors: a throwing module and a missing handler', async () => {
    const broken = await invokeLocal({ ...spec('broken.handler'), event: {} });
    expect(broken.outcome).toBe('init-error');
    expect(JSON.parse(broken.payload)).toMatchObject({ errorType: 'Error', errorMessage: 'init exploded' });
    const missing = await invokeLocal({ ...spec('index.nope'), event: {} });
    expect(missing.outcome).toBe('init-error');
    expect(JSON.parse(missing.payload)).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.nope is undefined or not exported' });
    const noModule = await invokeLocal({ ...spec('nothere.handler'), event: {} });
    expect(JSON.parse(noModule.payload)).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });
});
