import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZipPackageManifest, isNxstackError, readManifest, readZip } from '@nxstack/core';
import { invokeBootstrap } from '../__fixtures__/runtime-api-server';
import packageExecutor from '../executors/package/executor';
import { type GoPackageOptions, packageGo } from './package-go';

const FIXTURE = path.join(__dirname, '..', '__fixtures__', 'go-hello');
const temps: string[] = [];

/** A fresh workspace with the fixture module at apps/hello. */
async function workspace(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-go-test-'));
  temps.push(root);
  await fs.cp(FIXTURE, path.join(root, 'apps', 'hello'), { recursive: true });
  return root;
}

function options(workspaceRoot: string, extra: Partial<GoPackageOptions> = {}): GoPackageOptions {
  return {
    workspaceRoot,
    projectRoot: 'apps/hello',
    resourceName: 'hello',
    entryfilePath: 'cmd/hello/main.go',
    includeFiles: ['greeting.txt'],
    env: process.env,
    ...extra,
  };
}

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isNxstackError(e)) throw new Error(`expected an NxstackError, got ${String(e)}`);
  return e;
}

afterAll(async () => {
  for (const t of temps) await fs.rm(t, { recursive: true, force: true });
});

describe('packageGo', () => {
  let ws: string;
  let amd64Zip: Buffer;
  beforeAll(async () => {
    ws = await workspace();
    const { artifactPath } = await packageGo(options(ws));
    amd64Zip = await fs.readFile(artifactPath);
  });

  it('zips a static linux/amd64 bootstrap (0755) plus includeFiles and writes the manifest', async () => {
    const outDir = path.join(ws, 'dist/stack/apps/hello/hello');
    const entries = await readZip(path.join(outDir, 'hello.zip'));
    expect(entries.map((e) => [e.path, e.mode.toString(8)])).toEqual([
      ['bootstrap', '755'],
      ['greeting.txt', '644'],
    ]);
    const elf = entries[0].content;
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf.readUInt16LE(18)).toBe(62); // e_machine EM_X86_64
    const manifest = (await readManifest(outDir)) as ZipPackageManifest;
    expect(manifest).toMatchObject({ kind: 'zip', resource: 'hello', artifact: 'hello.zip', handler: 'bootstrap', runtime: 'provided.al2023', architecture: 'x86_64', packager: 'go', size: amd64Zip.length });
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the packaged bootstrap answers an invoke through the Lambda Runtime API', async () => {
    const dir = path.join(ws, 'unzipped');
    await fs.mkdir(dir);
    for (const e of await readZip(path.join(ws, 'dist/stack/apps/hello/hello/hello.zip'))) {
      await fs.writeFile(path.join(dir, e.path), e.content, { mode: e.mode });
    }
    const reply = await invokeBootstrap(path.join(dir, 'bootstrap'), dir, { name: 'Ada' });
    expect(reply).toEqual({ message: 'Hello, Ada!', arch: 'amd64' });
  });

  it('cross-compiles arm64 (ELF e_machine 183) into its own output folder', async () => {
    const res = await packageGo(options(ws, { architecture: 'arm64', outputPath: 'out/arm' }));
    const [bootstrap] = await readZip(res.artifactPath);
    expect(bootstrap.content.readUInt16LE(18)).toBe(183); // EM_AARCH64
    expect(res.manifest.architecture).toBe('arm64');
    expect(res.artifactPath).toBe(path.join(ws, 'out/arm/hello.zip'));
  });

  it('gives byte-identical zips from two clean builds (other folder, empty Go build cache)', async () => {
    const ws2 = await workspace();
    const gocache = path.join(ws2, '.gocache');
    const { artifactPath } = await packageGo(options(ws2, { env: { ...process.env, GOCACHE: gocache } }));
    expect((await fs.readFile(artifactPath)).equals(amd64Zip)).toBe(true);
  }, 300_000);

  it('runs as an Nx executor with inline options', async () => {
    const ctx = { root: ws, cwd: ws, isVerbose: false, projectName: 'hello', projectsConfigurations: { version: 2, projects: { hello: { root: 'apps/hello' } } } };
    const res = await packageExecutor({ resourceName: 'viaExecutor', entryfilePath: 'cmd/hello/main.go', includeFiles: ['greeting.txt'] }, ctx as never);
    expect(res.success).toBe(true);
    const manifest = (await readManifest(path.join(ws, 'dist/stack/apps/hello/viaExecutor'))) as ZipPackageManifest;
    expect(manifest.sha256).toBe((await readManifest(path.join(ws, 'dist/stack/apps/hello/hello')) as ZipPackageManifest).sha256);
  });

  it('runs as an Nx executor from stack.yml + resource (architecture from the stack, explicit options win)', async () => {
    await fs.writeFile(
      path.join(ws, 'apps/hello/stack.yml'),
      ['resources:', '  api:', '    type: function', '    properties:', '      runtime: provided.al2023', '      architecture: arm64', '      packaging:', '        type: stacktape-lambda-buildpack', '        properties:', '          entryfilePath: cmd/hello/main.go', '          includeFiles: [greeting.txt]', ''].join('\n'),
    );
    const ctx = { root: ws, cwd: ws, isVerbose: false, projectName: 'hello', projectsConfigurations: { version: 2, projects: { hello: { root: 'apps/hello' } } } };
    expect((await packageExecutor({ stackFile: 'apps/hello/stack.yml', resource: 'api' }, ctx as never)).success).toBe(true);
    const fromStack = (await readManifest(path.join(ws, 'dist/stack/apps/hello/api'))) as ZipPackageManifest;
    expect(fromStack).toMatchObject({ architecture: 'arm64', runtime: 'provided.al2023', handler: 'bootstrap' });
    expect((await readZip(path.join(ws, 'dist/stack/apps/hello/api/api.zip'))).map((e) => e.path)).toEqual(['bootstrap', 'greeting.txt']);
    expect((await packageExecutor({ stackFile: 'apps/hello/stack.yml', resource: 'api', architecture: 'x86_64', outputPath: 'out/api-x86' }, ctx as never)).success).toBe(true);
    const explicit = (await readManifest(path.join(ws, 'out/api-x86'))) as ZipPackageManifest;
    expect(explicit.architecture).toBe('x86_64');
    expect(explicit.sha256).toBe(((await readManifest(path.join(ws, 'dist/stack/apps/hello/hello'))) as ZipPackageManifest).sha256);
  });

  it('an unknown resource in stack.yml fails with NXS_RESOURCE_NOT_FOUND', async () => {
    const { resolveGoOptions } = await import('./resolve-options');
    const e = await failure(resolveGoOptions({ stackFile: 'apps/hello/stack.yml', resource: 'nope' }, { workspaceRoot: ws }));
    expect(e.code).toBe('NXS_RESOURCE_NOT_FOUND');
    expect(e.hint).toMatch(/api/);
  });
});

describe('packageGo errors', () => {
  it('NXS_GO_TOOLCHAIN_MISSING when go is not installed, with how to install it', async () => {
    const ws = await workspace();
    const e = await failure(packageGo(options(ws, { goCommand: 'go-not-installed-here', locate: () => ({ file: 'apps/hello/stack.yml', line: 7, column: 5 }) })));
    expect(e.code).toBe('NXS_GO_TOOLCHAIN_MISSING');
    expect(e.where).toBe('apps/hello/stack.yml:7:5');
    expect(e.hint).toMatch(/Install Go/);
  });

  it('NXS_GO_BUILD_FAILED carries the compiler output tail', async () => {
    const ws = await workspace();
    await fs.writeFile(path.join(ws, 'apps/hello/cmd/hello/broken.go'), 'package main\n\nfunc broken() int { return "nope" }\n');
    const e = await failure(packageGo(options(ws)));
    expect(e.code).toBe('NXS_GO_BUILD_FAILED');
    expect(e.message).toMatch(/broken\.go:3:\d+: cannot use "nope"/);
    expect(e.hint).toMatch(/GOOS=linux GOARCH=amd64 CGO_ENABLED=0 go build/);
  });

  it('NXS_GO_MODULE_MISSING without a go.mod, NXS_GO_ENTRY_MISSING for a missing entry, bad runtime/arch', async () => {
    const ws = await workspace();
    await fs.rm(path.join(ws, 'apps/hello/go.mod'));
    expect((await failure(packageGo(options(ws)))).code).toBe('NXS_GO_MODULE_MISSING');
    expect((await failure(packageGo(options(ws, { entryfilePath: 'cmd/nope/main.go' })))).code).toBe('NXS_GO_ENTRY_MISSING');
    expect((await failure(packageGo(options(ws, { runtime: 'go1.x' })))).code).toBe('NXS_GO_UNSUPPORTED_RUNTIME');
    expect((await failure(packageGo(options(ws, { architecture: 'mips' as never })))).code).toBe('NXS_GO_UNSUPPORTED_ARCHITECTURE');
  });

  it('NXS_GO_NOT_MAIN_PACKAGE when the entry is a library package', async () => {
    const ws = await workspace();
    const e = await failure(packageGo(options(ws, { entryfilePath: 'internal/greet/greet.go' })));
    expect(e.code).toBe('NXS_GO_NOT_MAIN_PACKAGE');
  });
});
