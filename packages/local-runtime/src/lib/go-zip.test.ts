import { describe, expect, it } from 'vitest';
import { isNxstackError, type LambdaArtifact } from '@nxstack/core';
import { packageGo } from '@nxstack/packager-go';
import { invokeLocal, type LocalFunctionSpec } from './invoke-local';
import { packagedFixture } from '../__fixtures__/packaged-fixture';
import { findOnPath } from './find-on-path';

// A bootstrap built by the real Go packager speaks the Runtime API itself.
const fixture = packagedFixture('go-fn', async (ws) => {
  const base = { workspaceRoot: ws, projectRoot: 'fn', resourceName: 'goFn', entryfilePath: 'main.go' };
  return { amd64: await packageGo({ ...base, outputPath: 'out/amd64' }), arm64: await packageGo({ ...base, architecture: 'arm64', outputPath: 'out/arm64' }) };
}, 300_000);

function spec(a: LambdaArtifact, extra: Partial<LocalFunctionSpec> = {}): LocalFunctionSpec {
  return { zip: a.artifactPath, runtime: a.manifest.runtime, handler: a.manifest.handler, architecture: a.manifest.architecture, environment: {}, timeout: 2, memory: 128, functionName: 'goFn', region: 'us-east-1', ...extra };
}

describe('packaged Go bootstrap through the Runtime API emulation', () => {
  it('answers warm invocations and returns errors as aws-lambda-go posts them', async () => {
    const o = await fixture.open(spec(fixture.built.amd64));
    const ok = await o.fn.invoke({ action: 'echo', name: 'Ada' });
    expect(ok.outcome).toBe('success');
    expect(JSON.parse(ok.payload)).toEqual({ message: 'Hello, Ada!', arch: 'amd64', function: 'goFn', request: ok.requestId });
    expect(ok.logs).toBe('action echo\n');
    expect(ok.maxMemoryUsedMB).toBeGreaterThan(0);
    const failed = await o.fn.invoke({ action: 'fail', name: 'o-1' });
    expect(failed.outcome).toBe('error');
    expect(JSON.parse(failed.payload)).toEqual({ errorMessage: 'order o-1 is not valid', errorType: 'errorString' });
    expect(failed.initDurationMs).toBeUndefined();
  });

  it("reports a panic with the function's own Go stack trace", async () => {
    const r = await invokeLocal({ ...spec(fixture.built.amd64), event: { action: 'panic' } });
    expect(r.outcome).toBe('error');
    const body = JSON.parse(r.payload) as { errorType: string; errorMessage: string; stackTrace: Array<{ path: string; label: string; line: number }> };
    expect(body.errorType).toBe('plainError');
    expect(body.errorMessage).toBe('assignment to entry in nil map');
    expect(body.stackTrace).toContainEqual({ path: 'gofn/main.go', line: 36, label: 'handle' });
  });

  it('kills a bootstrap that passes its timeout', async () => {
    const r = await invokeLocal({ ...spec(fixture.built.amd64, { timeout: 1 }), event: { action: 'sleep' } });
    expect(r.outcome).toBe('timeout');
    expect(JSON.parse(r.payload).errorMessage).toBe(`RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds`);
    expect(r.logs).toBe('action sleep\n');
  });

  it('runs an arm64 bootstrap under qemu-user-static, and says clearly when qemu is missing', async () => {
    const noQemu = await invokeLocal({ ...spec(fixture.built.arm64, { hostEnv: { PATH: '/nonexistent' } }), event: {} }).catch((e: unknown) => e);
    expect(isNxstackError(noQemu) && noQemu.code).toBe('NXS_LOCAL_ARCHITECTURE_UNSUPPORTED');
    expect(String((noQemu as Error).message)).toContain('built for arm64');
    // CI installs Debian's qemu-user-static (tools/services/install.sh); a missing one fails here.
    expect(findOnPath('qemu-aarch64-static', process.env.PATH ?? '') ?? findOnPath('qemu-aarch64', process.env.PATH ?? '')).toBeDefined();
    const r = await invokeLocal({ ...spec(fixture.built.arm64), event: { action: 'echo', name: 'arm' } });
    expect(r.outcome).toBe('success');
    expect(JSON.parse(r.payload)).toMatchObject({ message: 'Hello, arm!', arch: 'arm64' });
    expect(r.notes.join(' ')).toMatch(/runs under qemu-aarch64/);
  });
});
