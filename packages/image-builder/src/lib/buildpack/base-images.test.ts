import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommitSha } from '../git-sha';
import { splitArtifact } from './artifact-files';
import { entryFileLanguage as languageOf } from '@nxstack/core';
import { defaultBaseImage, versionFromRuntime } from './base-images';

const file = (path: string, content = '') => ({ path, mode: 0o644, content: Buffer.from(content) });

describe('base image defaults', () => {
  it('uses alpine by default, Debian for glibc, the Lambda base images for functions', () => {
    expect(defaultBaseImage({ language: 'node', lambda: false })).toBe('node:22-alpine');
    expect(defaultBaseImage({ language: 'node', lambda: false, requiresGlibcBinaries: true })).toBe('node:22-bookworm-slim');
    expect(defaultBaseImage({ language: 'python', lambda: false, version: '3.11' })).toBe('python:3.11-alpine');
    expect(defaultBaseImage({ language: 'python', lambda: false, requiresGlibcBinaries: true })).toBe('python:3.12-slim');
    expect(defaultBaseImage({ language: 'java', lambda: false, version: '17' })).toBe('gradle:jdk17-alpine');
    expect(defaultBaseImage({ language: 'go', lambda: false, requiresGlibcBinaries: true })).toBe('golang:1.23-bookworm');
    expect(defaultBaseImage({ language: 'node', lambda: true, version: versionFromRuntime('nodejs20.x') })).toBe('public.ecr.aws/lambda/nodejs:20');
    expect(defaultBaseImage({ language: 'python', lambda: true, version: versionFromRuntime('python3.12') })).toBe('public.ecr.aws/lambda/python:3.12');
    expect(defaultBaseImage({ language: 'java', lambda: true, version: versionFromRuntime('java21') })).toBe('public.ecr.aws/lambda/java:21');
    expect(defaultBaseImage({ language: 'go', lambda: true })).toBe('public.ecr.aws/lambda/provided:al2023');
  });

  it('detects the language from the entry file', () => {
    expect(['src/a.ts', 'a.mjs', 'app.py', 'Main.java', 'main.go', 'x.rb'].map(languageOf)).toEqual(['node', 'node', 'python', 'java', 'go', undefined]);
  });
});

describe('splitArtifact', () => {
  it('puts node_modules, Java lib jars and pip-installed packages in the dependency layer', () => {
    const { dependencies, code } = splitArtifact([
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
