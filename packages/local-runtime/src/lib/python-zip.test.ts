import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { packagePythonFunction } from '@nxstack/packager-python';
import { invokeLocal, type LocalFunctionSpec } from './invoke-local';
import { packagedFixture } from '../__fixtures__/packaged-fixture';

// A zip from the real Python packager, run by our stdlib-only client on a local python3.11.
const fixture = packagedFixture('py-fn', (ws) => packagePythonFunction({ workspaceRoot: ws, projectRoot: 'fn', resourceName: 'pyFn', entryfilePath: 'app.py', runtime: 'python3.11', cacheDir: path.join(ws, 'cache'), env: process.env }), 300_000);

function spec(extra: Partial<LocalFunctionSpec> = {}): LocalFunctionSpec {
  return { zip: fixture.built.artifactFile, runtime: fixture.built.manifest.runtime, handler: fixture.built.manifest.handler, architecture: fixture.built.manifest.architecture, environment: {}, timeout: 3, memory: 128, functionName: 'pyFn', region: 'us-east-1', ...extra };
}

describe('packaged Python functions through the Runtime API emulation', () => {
  it('runs warm on a local python of the function version, importing from the artifact', async () => {
    expect(fixture.built.manifest).toMatchObject({ runtime: 'python3.11', handler: 'app.handler' });
    const o = await fixture.open(spec());
    const first = await o.fn.invoke({ name: 'Ada' });
    expect(first.outcome).toBe('success');
    expect(JSON.parse(first.payload)).toEqual({ message: 'Hello, Ada!', python: '3.11', function: 'pyFn', request: first.requestId, remaining: true });
    expect(first.logs).toBe('action None\n');
    const second = await o.fn.invoke({ name: 'Bob' });
    expect(JSON.parse(second.payload).message).toBe('Hello, Bob!');
    expect(second.initDurationMs).toBeUndefined();
  });

  it("reports a raised exception with the function's own Python stack trace", async () => {
    const r = await invokeLocal({ ...spec(), event: { action: 'fail', name: 'o-1' } });
    expect(r.outcome).toBe('error');
    const body = JSON.parse(r.payload) as { errorType: string; errorMessage: string; requestId: string; stackTrace: string[] };
    expect(body).toMatchObject({ errorType: 'ValueError', errorMessage: 'order o-1 is not valid', requestId: r.requestId });
    expect(body.stackTrace).toHaveLength(2);
    expect(body.stackTrace[0]).toMatch(/File ".*[/\\]app\.py", line 11, in handler\n\s+return check\(event\)/);
    expect(body.stackTrace[1]).toMatch(/File ".*[/\\]app\.py", line 24, in check/);
  });

  it('kills a function at its timeout; a missing handler is an init error', async () => {
    const slow = await invokeLocal({ ...spec({ timeout: 1 }), event: { action: 'sleep' } });
    expect(slow.outcome).toBe('timeout');
    expect(slow.logs).toBe('action sleep\n');
    const missing = await invokeLocal({ ...spec({ handler: 'app.nope' }), event: {} });
    expect(missing.outcome).toBe('init-error');
    expect(JSON.parse(missing.payload)).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'nope' missing on module 'app'" });
  });

  it('fails clearly when no local Python of the function version exists', async () => {
    const e = await invokeLocal({ ...spec({ runtime: 'python3.99' }), event: {} }).catch((err: unknown) => err);
    expect(isNxstackError(e) && e.code).toBe('NXS_LOCAL_PYTHON_MISSING');
    expect((e as Error).message).toContain('No local Python 3.99');
  });
});
