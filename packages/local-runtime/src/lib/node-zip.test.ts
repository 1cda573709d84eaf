import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type ZipPackageManifest } from '@nxstack/core';
import { packageNodeFunction } from '@nxstack/packager-node';
import { invokeLocal } from './invoke-local';

// Real zips from the real packager: the runtime runs the unpacked artifact, never the source.
const APP = path.join(__dirname, '..', '__fixtures__', 'ts-app');
let out: string;
const zips: Record<string, { zip: string; manifest: ZipPackageManifest }> = {};

beforeAll(async () => {
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'nxs-lr-node-'));
  const build = async (name: string, entry: string, format?: 'esm') => {
    const r = await packageNodeFunction({
      workspaceRoot: APP,
      projectRoot: '.',
      resourceName: name,
      entryfilePath: entry,
      runtime: 'nodejs20.x',
      outputPath: path.join(out, name),
      ...(format ? { languageSpecificConfig: { outputModuleFormat: format } } : {}),
    });
    zips[name] = { zip: r.artifactPath, manifest: (await readManifest(r.outputDir)) as ZipPackageManifest };
  };
  await Promise.all([build('greetCjs', 'src/greet.ts'), build('greetEsm', 'src/greet.ts', 'esm'), build('fail', 'src/fail.ts')]);
});
afterAll(async () => {
  await fs.rm(out, { recursive: true, force: true });
});

function invoke(name: string, event: unknown, environment?: Record<string, string>) {
  const { zip, manifest } = zips[name];
  return invokeLocal({
    zip,
    runtime: manifest.runtime,
    handler: manifest.handler,
    architecture: manifest.architecture,
    environment: environment ?? { ...manifest.environment },
    timeout: 5,
    memory: 128,
    functionName: name,
    region: 'us-east-1',
    event,
  });
}

describe('packaged Node.js functions through the Runtime API emulation', () => {
  it('runs a CommonJS zip (default export) and an ESM zip (index.mjs)', async () => {
    expect(zips.greetCjs.manifest.handler).toBe('index.default');
    const cjs = await invoke('greetCjs', { name: 'cjs' });
    expect(cjs.outcome).toBe('success');
    expect(JSON.parse(cjs.payload)).toEqual({ message: 'hello cjs' });
    expect(cjs.logs).toContain('INFO\tgreeting cjs');
    const esm = await invoke('greetEsm', { name: 'esm' });
    expect(JSON.parse(esm.payload)).toEqual({ message: 'hello esm' });
  });

  it("reports a thrown error with the function's own TypeScript stack trace (source maps from the artifact's NODE_OPTIONS)", async () => {
    expect(zips.fail.manifest.environment).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
    const r = await invoke('fail', { id: 'o-1' });
    expect(r.outcome).toBe('error');
    const body = JSON.parse(r.payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe('TypeError');
    expect(body.errorMessage).toBe('order o-1 is not valid');
    expect(body.trace[0]).toBe('TypeError: order o-1 is not valid');
    expect(body.trace[1]).toMatch(/at checkOrder \(.*src[/\\]fail\.ts:10:9\)/);
    // Without the artifact's environment the same zip reports bundle positions: the map is what maps them.
    const raw = JSON.parse((await invoke('fail', { id: 'o-2' }, {})).payload) as { trace: string[] };
    expect(raw.trace.join('\n')).not.toContain('fail.ts');
    expect(raw.trace[1]).toMatch(/index\.js:\d+:\d+/);
  });
});
