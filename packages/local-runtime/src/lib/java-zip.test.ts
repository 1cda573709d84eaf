import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { packageJava } from '@nxstack/packager-java';
import { invokeLocal, type LocalFunctionSpec } from './invoke-local';
import { packagedFixture } from '../__fixtures__/packaged-fixture';

// A Maven-built zip from the real Java packager, run by AWS's Java runtime interface client
// (fetched from Maven Central into the cache) on a local JDK >= the function's version.
const fixture = packagedFixture('java-fn', (ws) => packageJava({ workspaceRoot: ws, projectRoot: 'fn', resourceName: 'orders', entryfilePath: 'src/main/java/com/example/Orders.java', runtime: 'java17', env: process.env }), 600_000);

function spec(extra: Partial<LocalFunctionSpec> = {}): LocalFunctionSpec {
  const m = fixture.built.manifest;
  return { zip: fixture.built.artifactPath, runtime: m.runtime, handler: m.handler, architecture: m.architecture, environment: {}, timeout: 10, memory: 512, functionName: 'orders', region: 'us-east-1', cacheDir: path.join(fixture.ws, 'cache'), ...extra };
}

describe('packaged Java functions through the Runtime API emulation', () => {
  it('runs warm under the Java runtime interface client', async () => {
    expect(fixture.built.manifest).toMatchObject({ runtime: 'java17', handler: 'com.example.Orders::handleRequest' });
    const o = await fixture.open(spec());
    const first = await o.fn.invoke({ name: 'Ada' });
    expect(first.outcome, first.logs).toBe('success');
    expect(JSON.parse(first.payload)).toEqual({ message: 'Hello, Ada!', function: 'orders', request: first.requestId, java: '17' });
    expect(first.logs).toContain('action null');
    const second = await o.fn.invoke({ name: 'Bob' });
    expect(JSON.parse(second.payload).message).toBe('Hello, Bob!');
    expect(second.initDurationMs).toBeUndefined();
    expect(second.maxMemoryUsedMB).toBeGreaterThan(20);
  }, 120_000);

  it("reports a thrown exception with the function's own Java stack trace", async () => {
    const r = await invokeLocal({ ...spec(), event: { action: 'fail', name: 'o-1' } });
    expect(r.outcome, r.logs).toBe('error');
    const body = JSON.parse(r.payload) as { errorType: string; errorMessage: string; stackTrace: string[] };
    expect(body.errorType).toBe('java.lang.IllegalArgumentException');
    expect(body.errorMessage).toBe('order o-1 is not valid');
    expect(body.stackTrace[0]).toBe('com.example.Orders.check(Orders.java:32)');
    expect(body.stackTrace[1]).toBe('com.example.Orders.handleRequest(Orders.java:14)');
  }, 120_000);

  it('kills a function at its timeout', async () => {
    const r = await invokeLocal({ ...spec({ timeout: 2 }), event: { action: 'sleep' } });
    expect(r.outcome).toBe('timeout');
    expect(JSON.parse(r.payload).errorMessage).toMatch(/Task timed out after 2\.00 seconds$/);
  }, 120_000);

  it('fails clearly when no local JDK is new enough', async () => {
    const e = await invokeLocal({ ...spec({ runtime: 'java99' }), event: {} }).catch((err: unknown) => err);
    expect(isNxstackError(e) && e.code).toBe('NXS_LOCAL_JAVA_MISSING');
    expect((e as Error).message).toContain('No local JDK 99 or newer');
  });
});
