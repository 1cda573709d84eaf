import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '@nxstack/core';
import { extractZip, invokeHandler, tempDir, removeTempDirs } from '../__fixtures__/helpers';
import { nodeDepsCacheDir } from './install-externals';
import { packageNodeFunction, packageNodeFunctions } from './package-node-function';
import type { PackageNodeFunctionOptions } from './options';

const execFileAsync = promisify(execFile);

// Real registry packages: @node-rs/crc32 loads a napi-rs binary from a per-platform optional
// dependency; require-all does `require(filepath)` with a computed path. Pinned below the latest
// release, so the zip must carry the lockfile's version, not whatever npm would pick today.
const CRC32_VERSION = '1.10.6';
const REQUIRE_ALL_VERSION = '3.0.0';

let ws: string;
let out: string;

afterAll(removeTempDirs);

beforeAll(async () => {
  ws = await tempDir('node-externals-ws');
  out = await tempDir('node-externals-out');
  await fs.writeFile(
    path.join(ws, 'package.json'),
    JSON.stringify({ name: 'externals-fixture', private: true, dependencies: { '@node-rs/crc32': CRC32_VERSION, 'require-all': REQUIRE_ALL_VERSION, 'is-number': '7.0.0' } }, null, 2),
  );
  await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: ws });
  await fs.mkdir(path.join(ws, 'src', 'plugins'), { recursive: true });
  await fs.writeFile(path.join(ws, 'src', 'native.ts'), "import { crc32 } from '@node-rs/crc32';\nimport isNumber from 'is-number';\n\nexport const handler = async () => ({ crc: crc32('hello'), bundled: isNumber(5) });\n");
  await fs.writeFile(
    path.join(ws, 'src', 'dynamic.ts'),
    "import requireAll from 'require-all';\n\nexport default async () => Object.keys(requireAll({ dirname: __dirname + '/plugins' }));\n",
  );
  await fs.writeFile(path.join(ws, 'src', 'plugins', 'alpha.js'), 'module.exports = 1;\n');
}, 300_000);

function fnOptions(resourceName: string, entryfilePath: string, extra: Partial<PackageNodeFunctionOptions> = {}): PackageNodeFunctionOptions {
  return { workspaceRoot: ws, projectRoot: '.', resourceName, entryfilePath, outputPath: path.join(out, resourceName), ...extra };
}

async function zipPaths(file: string): Promise<string[]> {
  return (await readZip(file)).map((e) => e.path);
}

async function zipJson(file: string, entry: string): Promise<{ version: string }> {
  return JSON.parse((await readZip(file)).find((e) => e.path === entry)!.content.toString('utf8'));
}

describe('packages that cannot be bundled', () => {
  it('installs a native package for x86_64 at the lockfile version; the zip runs', async () => {
    const lock = JSON.parse(await fs.readFile(path.join(ws, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@node-rs/crc32'].version).toBe(CRC32_VERSION);
    const r = await packageNodeFunction(fnOptions('nativeX64', 'src/native.ts'));
    expect(r.installedPackages).toEqual({ '@node-rs/crc32': CRC32_VERSION });
    const paths = await zipPaths(r.artifactPath);
    expect(paths).toContain('node_modules/@node-rs/crc32-linux-x64-gnu/crc32.linux-x64-gnu.node');
    expect(paths.filter((p) => p.includes('arm64'))).toEqual([]);
    expect(paths.some((p) => p.startsWith('node_modules/is-number/'))).toBe(false); // plain JS stays bundled
    expect((await zipJson(r.artifactPath, 'node_modules/@node-rs/crc32/package.json')).version).toBe(CRC32_VERSION);
    const code = (await readZip(r.artifactPath)).find((e) => e.path === 'index.js')!.content.toString('utf8');
    expect(code).toContain('require("@node-rs/crc32")');
    const dir = await tempDir('run-native');
    await extractZip(r.artifactPath, dir);
    const run = await invokeHandler(dir, r.handler, {});
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ crc: 907060870, bundled: true });
    const inputs = JSON.parse(await fs.readFile(path.join(r.outputDir, 'inputs.json'), 'utf8'));
    expect(inputs).toMatchObject({ files: ['src/native.ts'], packages: { 'is-number': '7.0.0' }, externals: { '@node-rs/crc32': CRC32_VERSION } });
  });

  it('runs externals and bundled CommonJS from ESM output', async () => {
    const r = await packageNodeFunction(fnOptions('nativeEsm', 'src/native.ts', { languageSpecificConfig: { outputModuleFormat: 'esm' } }));
    const code = (await readZip(r.artifactPath)).find((e) => e.path === 'index.mjs')!.content.toString('utf8');
    expect(code).toContain('from "@node-rs/crc32"');
    const dir = await tempDir('run-native-esm');
    await extractZip(r.artifactPath, dir);
    const run = await invokeHandler(dir, r.handler, {});
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ crc: 907060870, bundled: true });
  });

  it('installs the linux-arm64 binary for arm64 and caches the install', async () => {
    const r = await packageNodeFunction(fnOptions('nativeArm', 'src/native.ts', { architecture: 'arm64' }));
    const paths = await zipPaths(r.artifactPath);
    expect(paths).toContain('node_modules/@node-rs/crc32-linux-arm64-gnu/crc32.linux-arm64-gnu.node');
    expect(paths.filter((p) => p.includes('x64'))).toEqual([]);
    const cache = nodeDepsCacheDir(ws);
    const before = (await fs.readdir(cache)).sort();
    const markers = await Promise.all(before.map((d) => fs.stat(path.join(cache, d, '.nxstack-installed')).then((s) => s.mtimeMs)));
    const again = await packageNodeFunction(fnOptions('nativeArm', 'src/native.ts', { architecture: 'arm64', outputPath: path.join(out, 'nativeArm2') }));
    expect(again.sha256).toBe(r.sha256);
    expect((await fs.readdir(cache)).sort()).toEqual(before);
    expect(await Promise.all(before.map((d) => fs.stat(path.join(cache, d, '.nxstack-installed')).then((s) => s.mtimeMs)))).toEqual(markers);
  });

  it('ships a package that requires a computed path installed, not bundled', async () => {
    const r = await packageNodeFunction(fnOptions('dynamic', 'src/dynamic.ts', { includeFiles: ['src/plugins/**'] }));
    expect(r.installedPackages).toEqual({ 'require-all': REQUIRE_ALL_VERSION });
    const paths = await zipPaths(r.artifactPath);
    expect(paths).toContain('node_modules/require-all/index.js');
    expect(paths).toContain('src/plugins/alpha.js');
    const code = (await readZip(r.artifactPath)).find((e) => e.path === 'index.js')!.content.toString('utf8');
    expect(code).toContain('require("require-all")');
    const dir = await tempDir('run-dynamic');
    await extractZip(r.artifactPath, dir);
    // The bundle sits at the zip root, so __dirname + '/plugins' is the root's plugins folder.
    await fs.rename(path.join(dir, 'src', 'plugins'), path.join(dir, 'plugins'));
    const run = await invokeHandler(dir, r.handler, {});
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['alpha']);
  });

  it('honours dependenciesToExcludeFromBundle and excludeDependencies', async () => {
    const [all, none] = await packageNodeFunctions([
      fnOptions('allExternal', 'src/native.ts', { languageSpecificConfig: { dependenciesToExcludeFromBundle: ['*'] } }),
      fnOptions('layerProvided', 'src/native.ts', { excludeDependencies: ['@node-rs/crc32'] }),
    ]);
    expect(all.installedPackages).toEqual({ '@node-rs/crc32': CRC32_VERSION, 'is-number': '7.0.0' });
    expect(await zipPaths(all.artifactPath)).toContain('node_modules/is-number/index.js');
    expect(none.installedPackages).toEqual({});
    expect((await zipPaths(none.artifactPath)).some((p) => p.startsWith('node_modules/'))).toBe(false);
    expect(existsSync(path.join(ws, 'node_modules', '.cache', 'nxstack', 'node-deps'))).toBe(true);
  });
});
