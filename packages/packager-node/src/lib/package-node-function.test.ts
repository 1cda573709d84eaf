import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNxstackError, readManifest, readZip, sha256File, type ZipPackageManifest } from '@nxstack/core';
import { BASIC_WORKSPACE, extractZip, invokeHandler, tempDir, removeTempDirs } from '../__fixtures__/helpers';
import { loadTypeScript } from './decorator-metadata-plugin';
import { packageNodeFunction, packageNodeFunctions } from './package-node-function';
import type { PackageNodeFunctionOptions } from './options';

let out: string;
afterAll(removeTempDirs);

beforeAll(async () => {
  out = await tempDir('pkg-node');
});

function fnOptions(resourceName: string, entryfilePath: string, extra: Partial<PackageNodeFunctionOptions> = {}): PackageNodeFunctionOptions {
  return { workspaceRoot: BASIC_WORKSPACE, projectRoot: '.', resourceName, entryfilePath, outputPath: path.join(out, resourceName), ...extra };
}

async function zipText(zipFile: string, entry: string): Promise<string> {
  const found = (await readZip(zipFile)).find((e) => e.path === entry);
  if (!found) throw new Error(`${entry} not in ${zipFile}`);
  return found.content.toString('utf8');
}

async function expectCode(p: Promise<unknown>, code: string): Promise<Error> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(isNxstackError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  return err as Error;
}

describe('packageNodeFunction', () => {
  it('packages a TS default export into a zip whose handler runs', async () => {
    const r = await packageNodeFunction(fnOptions('defaultFn', 'src/default-handler.ts'));
    expect(r.handler).toBe('index.default');
    const manifest = (await readManifest(r.outputDir)) as ZipPackageManifest;
    expect(manifest).toMatchObject({
      kind: 'zip', resource: 'defaultFn', artifact: 'defaultFn.zip', handler: 'index.default', runtime: 'nodejs24.x',
      architecture: 'x86_64', packager: 'node', environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    expect(manifest.sha256).toBe(await sha256File(r.artifactPath));
    expect(manifest.size).toBe((await fs.stat(r.artifactPath)).size);
    const dir = await tempDir('run-default');
    expect((await extractZip(r.artifactPath, dir)).sort()).toEqual(['index.js', 'index.js.map']);
    const run = await invokeHandler(dir, manifest.handler, { name: 'lambda' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'hello lambda' });
    const inputs = JSON.parse(await fs.readFile(path.join(r.outputDir, 'inputs.json'), 'utf8'));
    expect(inputs).toEqual({ files: ['lib/greet.ts', 'src/default-handler.ts'], packages: {}, externals: {} });
  });

  it('uses handlerFunction when set and checks it is exported', async () => {
    const r = await packageNodeFunction(fnOptions('namedFn', 'src/named-handler.ts', { handlerFunction: 'main', runtime: 'nodejs22.x' }));
    expect(r.handler).toBe('index.main');
    const dir = await tempDir('run-named');
    await extractZip(r.artifactPath, dir);
    expect(JSON.parse((await invokeHandler(dir, r.handler, { n: 21 })).stdout)).toBe(42);
    const err = await expectCode(packageNodeFunction(fnOptions('missingFn', 'src/named-handler.ts', { handlerFunction: 'handler' })), 'NXS_HANDLER_NOT_EXPORTED');
    expect(err.message).toContain('Exports: helper, main');
  });

  it('fails with NXS_HANDLER_NOT_EXPORTED when there is no default nor handler export', async () => {
    const err = await expectCode(packageNodeFunction(fnOptions('noHandler', 'src/no-handler.ts')), 'NXS_HANDLER_NOT_EXPORTED');
    expect(err.message).toContain('alsoNot, notAHandler');
    await expectCode(packageNodeFunction(fnOptions('noHandlerEsm', 'src/no-handler.ts', { languageSpecificConfig: { outputModuleFormat: 'esm' } })), 'NXS_HANDLER_NOT_EXPORTED');
  });

  it('writes ESM as index.mjs that runs', async () => {
    const r = await packageNodeFunction(fnOptions('esmFn', 'src/default-handler.ts', { languageSpecificConfig: { outputModuleFormat: 'esm' } }));
    expect(r.handler).toBe('index.default');
    const dir = await tempDir('run-esm');
    expect((await extractZip(r.artifactPath, dir)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const run = await invokeHandler(dir, r.handler, { name: 'esm' });
    expect(JSON.parse(run.stdout)).toEqual({ message: 'hello esm' });
    expect(await zipText(r.artifactPath, 'index.mjs')).toMatch(/^export \{\n\s+default_handler_default as default\n\};/m);
  });

  it('resolves tsconfig paths aliases from tsConfigPath', async () => {
    await expectCode(packageNodeFunction(fnOptions('aliasNoTsconfig', 'src/aliased.ts')), 'NXS_NODE_BUILD_FAILED');
    const r = await packageNodeFunction(fnOptions('aliasFn', 'src/aliased.ts', { languageSpecificConfig: { tsConfigPath: 'tsconfig.lambda.json' } }));
    const dir = await tempDir('run-alias');
    await extractZip(r.artifactPath, dir);
    expect(JSON.parse((await invokeHandler(dir, r.handler, {})).stdout)).toBe('hello alias');
    await expectCode(packageNodeFunction(fnOptions('aliasBad', 'src/aliased.ts', { languageSpecificConfig: { tsConfigPath: 'nope.json' } })), 'NXS_NODE_TSCONFIG_NOT_FOUND');
  });

  it('emits decorator metadata through TypeScript when emitTsDecoratorMetadata is set', async () => {
    const plain = await packageNodeFunction(fnOptions('decoPlain', 'src/decorated.ts', { languageSpecificConfig: { tsConfigPath: 'tsconfig.lambda.json' } }));
    expect(await zipText(plain.artifactPath, 'index.js')).not.toContain('design:paramtypes');
    const r = await packageNodeFunction(fnOptions('decoFn', 'src/decorated.ts', { languageSpecificConfig: { tsConfigPath: 'tsconfig.lambda.json', emitTsDecoratorMetadata: true } }));
    const code = await zipText(r.artifactPath, 'index.js');
    expect(code).toMatch(/__metadata\("design:paramtypes", \[\s*Repository\s*\]\)/);
    const dir = await tempDir('run-deco');
    await extractZip(r.artifactPath, dir);
    expect(JSON.parse((await invokeHandler(dir, r.handler, {})).stdout)).toBe('found');
  });

  it('says how to fix a missing typescript package', async () => {
    const bare = await tempDir('no-typescript');
    await fs.writeFile(path.join(bare, 'package.json'), '{}');
    await expectCode(Promise.resolve().then(() => loadTypeScript(bare, path.join(bare, 'package.json'))), 'NXS_NODE_TYPESCRIPT_MISSING');
    expect(loadTypeScript(BASIC_WORKSPACE).version).toMatch(/^5\./);
  });

  it('leaves @aws-sdk/* to the runtime unless bundleAwsSdk is set', async () => {
    const external = await packageNodeFunction(fnOptions('s3External', 'src/s3.ts'));
    const code = await zipText(external.artifactPath, 'index.js');
    expect(code).toContain('require("@aws-sdk/client-s3")');
    expect(external.size).toBeLessThan(5_000);
    expect(external.installedPackages).toEqual({});
    const bundled = await packageNodeFunction(fnOptions('s3Bundled', 'src/s3.ts', { bundleAwsSdk: true }));
    const bundledCode = await zipText(bundled.artifactPath, 'index.js');
    expect(bundledCode).not.toContain('require("@aws-sdk/client-s3")');
    expect(bundledCode).toContain('node_modules/@aws-sdk/client-s3/');
    const inputs = JSON.parse(await fs.readFile(path.join(bundled.outputDir, 'inputs.json'), 'utf8'));
    expect(inputs.packages['@aws-sdk/client-s3']).toMatch(/^3\./);
    const dir = await tempDir('run-s3');
    await extractZip(bundled.artifactPath, dir);
    expect(JSON.parse((await invokeHandler(dir, bundled.handler, {})).stdout)).toBe('function');
  });

  it('adds includeFiles and removes excludeFiles', async () => {
    const r = await packageNodeFunction(fnOptions('withFiles', 'src/default-handler.ts', { includeFiles: ['assets/**'], excludeFiles: ['assets/secret.txt', '**/*.map'] }));
    const entries = (await readZip(r.artifactPath)).map((e) => e.path);
    expect(entries).toEqual(['assets/data.json', 'index.js']);
    const inputs = JSON.parse(await fs.readFile(path.join(r.outputDir, 'inputs.json'), 'utf8'));
    expect(inputs.files).toEqual(['assets/data.json', 'lib/greet.ts', 'src/default-handler.ts']);
  });

  it('maps a stack trace to the .ts line through the shipped source map', async () => {
    const r = await packageNodeFunction(fnOptions('thrower', 'src/throws.ts'));
    const map = JSON.parse(await zipText(r.artifactPath, 'index.js.map'));
    expect(map.sources).toEqual(['src/throws.ts']);
    expect(map.sourcesContent).toBeUndefined();
    const dir = await tempDir('run-throws');
    await extractZip(r.artifactPath, dir);
    const mapped = await invokeHandler(dir, r.handler, {}, ['--enable-source-maps']);
    expect(mapped.stderr).toContain('boom from compute');
    expect(mapped.stderr).toMatch(/src[/\\]throws\.ts:7:9/);
    const raw = await invokeHandler(dir, r.handler, {});
    expect(raw.stderr).toMatch(/index\.js:\d+/);
    expect(raw.stderr).not.toContain('throws.ts');
  });

  it('gives byte-identical zips for the same inputs', async () => {
    const a = await packageNodeFunction(fnOptions('same', 'src/default-handler.ts', { outputPath: path.join(out, 'same-a'), includeFiles: ['assets/*.json'] }));
    const b = await packageNodeFunction(fnOptions('same', 'src/default-handler.ts', { outputPath: path.join(out, 'same-b'), includeFiles: ['assets/*.json'] }));
    expect(a.sha256).toBe(b.sha256);
    expect(await fs.readFile(a.artifactPath)).toEqual(await fs.readFile(b.artifactPath));
    expect(await fs.readFile(path.join(a.outputDir, 'manifest.json'), 'utf8')).toBe(await fs.readFile(path.join(b.outputDir, 'manifest.json'), 'utf8'));
  });

  it('packages several functions in one batch with the same bytes as one by one', async () => {
    const list = [
      fnOptions('batchDefault', 'src/default-handler.ts', { outputPath: path.join(out, 'batch', 'a') }),
      fnOptions('batchNamed', 'src/named-handler.ts', { handlerFunction: 'main', outputPath: path.join(out, 'batch', 'b') }),
      fnOptions('batchEsm', 'src/default-handler.ts', { outputPath: path.join(out, 'batch', 'c'), languageSpecificConfig: { outputModuleFormat: 'esm' } }),
    ];
    const batch = await packageNodeFunctions(list);
    expect(batch.map((r) => [r.resourceName, r.handler])).toEqual([['batchDefault', 'index.default'], ['batchNamed', 'index.main'], ['batchEsm', 'index.default']]);
    const single = await packageNodeFunction({ ...list[1], outputPath: path.join(out, 'batch', 'single') });
    expect(single.sha256).toBe(batch[1].sha256);
    await expectCode(packageNodeFunctions([list[0], fnOptions('batchBad', 'src/no-handler.ts')]), 'NXS_HANDLER_NOT_EXPORTED');
  });

  it('gives each function of a shared build only the warnings about its own files', async () => {
    const [clean, warns] = await packageNodeFunctions([
      fnOptions('cleanFn', 'src/default-handler.ts', { outputPath: path.join(out, 'warn', 'a') }),
      fnOptions('warnsFn', 'src/warns.ts', { outputPath: path.join(out, 'warn', 'b') }),
    ]);
    expect(clean.warnings).toEqual([]);
    expect(warns.warnings).toEqual([expect.stringMatching(/^src\/warns\.ts:2:\d+ Duplicate key "status" in object literal/)]);
  });

  it('rejects bad options before building', async () => {
    await expectCode(packageNodeFunction(fnOptions('badRuntime', 'src/default-handler.ts', { runtime: 'python3.12' })), 'NXS_NODE_RUNTIME_INVALID');
    await expectCode(packageNodeFunction(fnOptions('oldRuntime', 'src/default-handler.ts', { runtime: 'nodejs16.x' })), 'NXS_NODE_RUNTIME_UNSUPPORTED');
    await expectCode(packageNodeFunction(fnOptions('noEntry', 'src/missing.ts')), 'NXS_NODE_ENTRY_NOT_FOUND');
    await expectCode(packageNodeFunction(fnOptions('../evil', 'src/default-handler.ts')), 'NXS_NODE_OPTION_INVALID');
    await expectCode(packageNodeFunction(fnOptions('badHandler', 'src/named-handler.ts', { handlerFunction: 'a.b' })), 'NXS_HANDLER_INVALID');
    await expectCode(packageNodeFunction(fnOptions('badList', 'src/default-handler.ts', { excludeDependencies: 'aws-sdk' as unknown as string[] })), 'NXS_NODE_OPTION_INVALID');
    await expectCode(packageNodeFunction(fnOptions('badFormat', 'src/default-handler.ts', { languageSpecificConfig: { outputModuleFormat: 'umd' as 'esm' } })), 'NXS_NODE_OPTION_INVALID');
    await expectCode(packageNodeFunction(fnOptions('escape', 'src/default-handler.ts', { includeFiles: ['../*.ts'] })), 'NXS_NODE_OPTION_INVALID');
  });

  it('finds the exports of minified CommonJS output', async () => {
    const r = await packageNodeFunction(fnOptions('minified', 'src/named-handler.ts', { handlerFunction: 'main', minify: true, sourceMap: false }));
    const entries = (await readZip(r.artifactPath)).map((e) => e.path);
    expect(entries).toEqual(['index.js']);
    expect((await readManifest(r.outputDir)).environment).toBeUndefined();
    const dir = await tempDir('run-min');
    await extractZip(r.artifactPath, dir);
    expect(JSON.parse((await invokeHandler(dir, r.handler, { n: 4 })).stdout)).toBe(8);
    const err = await expectCode(packageNodeFunction(fnOptions('minifiedBad', 'src/named-handler.ts', { handlerFunction: 'handler', minify: true })), 'NXS_HANDLER_NOT_EXPORTED');
    expect(err.message).toContain('Exports: helper, main');
  });
});
