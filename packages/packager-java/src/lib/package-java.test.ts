import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZipPackageManifest, isNxstackError, readManifest, readZip } from '@nxstack/core';
import packageExecutor from '../executors/package/executor';
import { type JavaPackageOptions, type JavaPackageResult, packageJava } from './package-java';

const run = promisify(execFile);
const FIXTURES = path.join(__dirname, '..', '__fixtures__');
const ENTRY = 'src/main/java/com/example/Hello.java';
const temps: string[] = [];

/** A fresh workspace with the Maven fixture at apps/hello. */
async function workspace(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-java-test-'));
  temps.push(root);
  await fs.cp(path.join(FIXTURES, 'maven-hello'), path.join(root, 'apps', 'hello'), { recursive: true });
  return root;
}

function options(workspaceRoot: string, extra: Partial<JavaPackageOptions> = {}): JavaPackageOptions {
  return { workspaceRoot, projectRoot: 'apps/hello', resourceName: 'hello', entryfilePath: ENTRY, env: process.env, ...extra };
}

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isNxstackError(e)) throw new Error(`expected an NxstackError, got ${String(e)}`);
  return e;
}

/** Unzips the artifact and calls its handler through a URLClassLoader, as the Lambda runtime would. */
async function invokeHandler(result: JavaPackageResult, name: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-java-run-'));
  temps.push(dir);
  for (const e of await readZip(result.artifactPath)) {
    await fs.mkdir(path.dirname(path.join(dir, e.path)), { recursive: true });
    await fs.writeFile(path.join(dir, e.path), e.content);
  }
  const java = path.join(result.jdkHome, 'bin', 'java');
  const { stdout } = await run(java, [path.join(FIXTURES, 'run-handler', 'RunHandler.java'), dir, result.manifest.handler, name]);
  return stdout.trim();
}

afterAll(async () => {
  for (const t of temps) await fs.rm(t, { recursive: true, force: true });
});

describe('packageJava with Maven', () => {
  let ws: string;
  let first: JavaPackageResult;
  beforeAll(async () => {
    ws = await workspace();
    first = await packageJava(options(ws, { includeFiles: ['config/*.json'] }));
  }, 600_000);

  it('lays out classes + resources at the root and dependency jars under lib/', async () => {
    const entries = await readZip(first.artifactPath);
    expect(entries.map((e) => e.path)).toEqual(['com/example/Hello.class', 'config/settings.json', 'greeting.txt', 'lib/aws-lambda-java-core-1.2.3.jar']);
    const cls = entries[0].content;
    expect(cls.readUInt32BE(0)).toBe(0xcafebabe);
    expect(cls.readUInt16BE(6)).toBe(65); // class file major version 65 = Java 21 (--release 21)
    expect(first.buildTool).toBe('maven');
    const manifest = (await readManifest(first.outputDir)) as ZipPackageManifest;
    expect(manifest).toMatchObject({ kind: 'zip', resource: 'hello', artifact: 'hello.zip', handler: 'com.example.Hello::handleRequest', runtime: 'java21', architecture: 'x86_64', packager: 'java' });
    expect(first.outputDir).toBe(path.join(ws, 'dist/stack/apps/hello/hello'));
  });

  it('the packaged handler runs from the unzipped folder', async () => {
    expect(await invokeHandler(first, 'Ada')).toBe('Hello, Ada!');
  });

  it('gives a byte-identical zip from a second clean build in another folder', async () => {
    const ws2 = await workspace();
    const second = await packageJava(options(ws2, { includeFiles: ['config/*.json'] }));
    expect((await fs.readFile(second.artifactPath)).equals(await fs.readFile(first.artifactPath))).toBe(true);
    expect(second.manifest.sha256).toBe(first.manifest.sha256);
  }, 600_000);

  it('runs as an Nx executor from stack.yml + resource: javaVersion 17 gives class major 61 and runtime java17', async () => {
    await fs.writeFile(
      path.join(ws, 'apps/hello/stack.yml'),
      [
        'resources:',
        '  hello17:',
        '    type: function',
        '    properties:',
        '      runtime: java17',
        '      packaging:',
        '        type: stacktape-lambda-buildpack',
        '        properties:',
        `          entryfilePath: ${ENTRY}`,
        '          languageSpecificConfig:',
        '            javaVersion: 17',
        '',
      ].join('\n'),
    );
    const ctx = { root: ws, cwd: ws, isVerbose: false, projectName: 'hello', projectsConfigurations: { version: 2, projects: { hello: { root: 'apps/hello' } } } };
    const res = await packageExecutor({ stackFile: 'apps/hello/stack.yml', resource: 'hello17' }, ctx as never);
    expect(res.success).toBe(true);
    const outDir = path.join(ws, 'dist/stack/apps/hello/hello17');
    const manifest = (await readManifest(outDir)) as ZipPackageManifest;
    expect(manifest).toMatchObject({ runtime: 'java17', handler: 'com.example.Hello::handleRequest', packager: 'java' });
    const cls = (await readZip(path.join(outDir, 'hello17.zip'))).find((e) => e.path === 'com/example/Hello.class');
    expect(cls?.content.readUInt16BE(6)).toBe(61);
  }, 600_000);

  it('an error from a stack.yml-driven build points at the stack.yml line of the field', async () => {
    await fs.writeFile(
      path.join(ws, 'apps/hello/stack-bad.yml'),
      ['resources:', '  old:', '    type: function', '    properties:', '      packaging:', '        type: stacktape-lambda-buildpack', '        properties:', `          entryfilePath: ${ENTRY}`, '          languageSpecificConfig:', '            javaVersion: 8', ''].join('\n'),
    );
    const { resolveJavaOptions } = await import('./resolve-options');
    const opts = await resolveJavaOptions({ stackFile: 'apps/hello/stack-bad.yml', resource: 'old' }, { workspaceRoot: ws, env: process.env });
    const e = await failure(packageJava(opts));
    expect(e.code).toBe('NXS_JAVA_VERSION_UNSUPPORTED');
    expect(e.where).toBe('apps/hello/stack-bad.yml:10:26');
  });

  it('NXS_JAVA_BUILD_FAILED carries the tail of the Maven output', async () => {
    const ws3 = await workspace();
    await fs.writeFile(path.join(ws3, 'apps/hello', ENTRY), 'package com.example;\npublic class Hello { int x = "nope"; }\n');
    const e = await failure(packageJava(options(ws3, { locate: () => ({ file: 'apps/hello/stack.yml', line: 4, column: 7 }) })));
    expect(e.code).toBe('NXS_JAVA_BUILD_FAILED');
    expect(e.where).toBe('apps/hello/stack.yml:4:7');
    expect(e.message).toMatch(/COMPILATION ERROR|incompatible types/);
    expect(e.message.split('\n').length).toBeLessThanOrEqual(41);
    expect(e.hint).toMatch(/mvn -B/);
  }, 600_000);
});

describe('packageJava errors before any build', () => {
  let ws: string;
  beforeAll(async () => {
    ws = await workspace();
  });

  it('NXS_JAVA_TOOLCHAIN_MISSING when mvn is not installed', async () => {
    const e = await failure(packageJava(options(ws, { mavenCommand: 'mvn-not-installed-here' })));
    expect(e.code).toBe('NXS_JAVA_TOOLCHAIN_MISSING');
    expect(e.hint).toMatch(/Install Maven/);
  });

  it('NXS_JAVA_TOOLCHAIN_MISSING for a Gradle project without gradle or gradlew', async () => {
    await fs.writeFile(path.join(ws, 'apps/hello/build.gradle'), "plugins { id 'java' }\n");
    try {
      const e = await failure(packageJava(options(ws, { gradleCommand: 'gradle-not-installed-here' })));
      expect(e.code).toBe('NXS_JAVA_TOOLCHAIN_MISSING');
      expect(e.hint).toMatch(/Gradle 8\+/);
    } finally {
      await fs.rm(path.join(ws, 'apps/hello/build.gradle'));
    }
  });

  it('NXS_JAVA_VERSION_UNAVAILABLE when javaVersion is above every installed JDK', async () => {
    const jdks = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-jdks-'));
    temps.push(jdks);
    // A JDK folder as installers lay it out (release file + bin/javac), reporting Java 17.
    await fs.mkdir(path.join(jdks, 'jdk-17', 'bin'), { recursive: true });
    await fs.writeFile(path.join(jdks, 'jdk-17', 'release'), 'JAVA_VERSION="17.0.15"\n');
    await fs.writeFile(path.join(jdks, 'jdk-17', 'bin', 'javac'), '', { mode: 0o755 });
    const env = { ...process.env, JAVA_HOME: undefined };
    const e = await failure(packageJava(options(ws, { env, jdkDirs: [jdks], languageSpecificConfig: { javaVersion: 21 } })));
    expect(e.code).toBe('NXS_JAVA_VERSION_UNAVAILABLE');
    expect(e.message).toMatch(/installed JDKs: 17/);
    expect(e.hint).toMatch(/Install JDK 21/);
    const none = await failure(packageJava(options(ws, { env, jdkDirs: [] })));
    expect(none.code).toBe('NXS_JAVA_TOOLCHAIN_MISSING');
    expect(none.message).toMatch(/installed JDKs: none/);
  });

  it('rejects unsupported versions, mismatched runtimes, missing build files and bad handlers', async () => {
    expect((await failure(packageJava(options(ws, { languageSpecificConfig: { javaVersion: 8 } })))).code).toBe('NXS_JAVA_VERSION_UNSUPPORTED');
    expect((await failure(packageJava(options(ws, { runtime: 'java17', languageSpecificConfig: { javaVersion: 21 } })))).code).toBe('NXS_JAVA_VERSION_UNSUPPORTED');
    expect((await failure(packageJava(options(ws, { runtime: 'nodejs20.x' })))).code).toBe('NXS_JAVA_UNSUPPORTED_RUNTIME');
    expect((await failure(packageJava(options(ws, { languageSpecificConfig: { packageManagerFile: 'nope/pom.xml' } })))).code).toBe('NXS_JAVA_BUILD_FILE_MISSING');
    expect((await failure(packageJava(options(ws, { handlerFunction: 'not a method' })))).code).toBe('NXS_JAVA_HANDLER_INVALID');
    expect((await failure(packageJava(options(ws, { entryfilePath: 'src/main/java/Nope.java' })))).code).toBe('NXS_JAVA_ENTRY_MISSING');
    expect((await failure(packageJava(options(ws, { entryfilePath: 'pom.xml' })))).code).toBe('NXS_JAVA_HANDLER_INVALID');
    // A build file as entry + a full handler gets past every check up to running the build tool.
    const viaPom = await failure(packageJava(options(ws, { entryfilePath: 'pom.xml', handlerFunction: 'com.example.Hello::handleRequest', mavenCommand: 'mvn-not-installed-here' })));
    expect(viaPom.code).toBe('NXS_JAVA_TOOLCHAIN_MISSING');
    await fs.rm(path.join(ws, 'apps/hello/pom.xml'));
    expect((await failure(packageJava(options(ws)))).code).toBe('NXS_JAVA_BUILD_FILE_MISSING');
  });
});
