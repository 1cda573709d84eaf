import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage } from '../build-image';
import { gitCommitSha } from '../git-sha';
import { splitArtifact } from './artifact-files';
import { entryFileLanguage as languageOf } from '@nxstack/core';
import { defaultBaseImage, versionFromRuntime } from './base-images';

const file = (path: string, content = '') => ({ path, mode: 0o644, size: Buffer.byteLength(content), source: path, open: async function* () { yield Buffer.from(content); } });

describe('base image defaults', () => {
  it('uses glibc (Debian) by default as the packagers install glibc binaries, alpine only on request, the Lambda base images for functions', () => {
    expect(defaultBaseImage({ language: 'node', lambda: false })).toBe('node:22-bookworm-slim');
    expect(defaultBaseImage({ language: 'node', lambda: false, requiresGlibcBinaries: false })).toBe('node:22-alpine');
    expect(defaultBaseImage({ language: 'python', lambda: false, version: '3.11' })).toBe('python:3.11-slim');
    expect(defaultBaseImage({ language: 'python', lambda: false, version: '3.11', requiresGlibcBinaries: false })).toBe('python:3.11-alpine');
    expect(defaultBaseImage({ language: 'python', lambda: false, requiresGlibcBinaries: true })).toBe('python:3.12-slim');
    expect(defaultBaseImage({ language: 'java', lambda: false, version: '17' })).toBe('gradle:jdk17');
    expect(defaultBaseImage({ language: 'java', lambda: false, version: '17', requiresGlibcBinaries: false })).toBe('gradle:jdk17-alpine');
    expect(defaultBaseImage({ language: 'go', lambda: false })).toBe('golang:1.23-bookworm');
    expect(defaultBaseImage({ language: 'go', lambda: false, requiresGlibcBinaries: true })).toBe('golang:1.23-bookworm');
    expect(defaultBaseImage({ language: 'node', lambda: true, version: versionFromRuntime('nodejs20.x') })).toBe('public.ecr.aws/lambda/nodejs:20');
    expect(defaultBaseImage({ language: 'python', lambda: true, version: versionFromRuntime('python3.12') })).toBe('public.ecr.aws/lambda/python:3.12');
    expect(defaultBaseImage({ language: 'java', lambda: true, version: versionFromRuntime('java21') })).toBe('public.ecr.aws/lambda/java:21');
    expect(defaultBaseImage({ language: 'go', lambda: true })).toBe('public.ecr.aws/lambda/provided:al2023');
  });

  it('refuses an alpine (musl) service base for code holding the glibc native binaries the packagers install', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ib-musl-'));
    mkdirSync(join(root, 'code', 'node_modules', 'addon'), { recursive: true });
    writeFileSync(join(root, 'code', 'index.js'), 'require("addon")');
    writeFileSync(join(root, 'code', 'node_modules', 'addon', 'addon.linux-x64-gnu.node'), 'ELF');
    const request = (requiresGlibcBinaries?: boolean) => buildImage({
      workspaceRoot: root, projectRoot: '.', resource: 'svc', lambda: false, architecture: 'x86_64', outputDir: join(root, 'dist'), artifactPath: 'code', stage: 'local', region: 'us-east-1',
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'index.ts', ...(requiresGlibcBinaries === undefined ? {} : { requiresGlibcBinaries }) } },
    });
    await expect(request(false)).rejects.toMatchObject({ code: 'NXS_IMAGE_NATIVE_BINARIES_NEED_GLIBC', message: expect.stringContaining('addon.linux-x64-gnu.node') });
  });

  it('detects the language from the entry file', () => {
    expect(['src/a.ts', 'a.mjs', 'app.py', 'Main.java', 'main.go', 'x.rb'].map(languageOf)).toEqual(['node', 'node', 'python', 'java', 'go', undefined]);
  });
});

describe('splitArtifact', () => {
  it('puts node_modules, Java lib jars and pip-installed packages in the dependency layer', async () => {
    const { dependencies, code } = await splitArtifact([
      file('index.js'),
      file('node_modules/pg/index.js'),
      file('lib/guava.jar'),
      file('com/example/Main.class'),
      file('requests/__init__.py'),
      file('requests-2.32.0.dist-info/RECORD', 'requests/__init__.py,sha256=x,1\nrequests-2.32.0.dist-info/RECORD,,\n'),
      file('app.py'),
    ]);
    expect(dependencies.map((f) => f.path)).toEqual(['lib/guava.jar', 'node_modules/pg/index.js', 'requests-2.32.0.dist-info/RECORD', 'requests/__init__.py']);
    expect(code.map((f) => f.path)).toEqual(['app.py', 'com/example/Main.class', 'index.js']);
  });
});

describe('gitCommitSha', () => {
  it('returns the commit inside a git repository and nothing outside', async () => {
    expect(await gitCommitSha(join(__dirname, '..', '..'))).toMatch(/^[0-9a-f]{40}$/);
    expect(await gitCommitSha(mkdtempSync(join(tmpdir(), 'no-git-')))).toBeUndefined();
  });
});
