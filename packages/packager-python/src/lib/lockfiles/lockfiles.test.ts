import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaMarkerEnvironment } from '../markers';
import { exportPipfileLock } from './pipfile-lock';
import { exportPoetryLock } from './poetry-lock';
import { toRequirementsText } from './pinned';
import { exportUvLock } from './uv-lock';

const fixtures = path.join(__dirname, '__fixtures__');
const read = (rel: string) => fs.readFile(path.join(fixtures, rel), 'utf8');
const env312 = lambdaMarkerEnvironment('3.12', 'x86_64');
const env39 = lambdaMarkerEnvironment('3.9', 'arm64');
const pins = (l: { requirements: readonly { name: string; version: string }[] }) => l.requirements.map((r) => `${r.name.toLowerCase()}==${r.version}`);

describe('uv.lock export (a real lock written by uv 0.13)', () => {
  it('walks from the project: extras followed, dev group and win32-only packages left out', async () => {
    const lock = await exportUvLock(await read('uv/uv.lock'), env312, 'uv.lock');
    expect(pins(lock)).toEqual(['certifi==2026.10.18', 'charset-normalizer==3.5.2', 'idna==3.20', 'pysocks==1.7.1', 'requests==2.32.3', 'urllib3==2.8.0']);
    expect(lock.requirements.every((r) => r.hashes.length > 0 && r.hashes.every((h) => h.startsWith('sha256:')))).toBe(true);
    expect(lock.extraIndexUrls).toEqual([]);
  });

  it('picks the forked version whose marker matches the runtime (urllib3 for python3.9)', async () => {
    const lock = await exportUvLock(await read('uv/uv.lock'), env39, 'uv.lock');
    expect(pins(lock)).toContain('urllib3==2.6.3');
    expect(pins(lock)).not.toContain('urllib3==2.8.0');
  });

  it('rejects git sources with a hint', async () => {
    const text = `version = 1\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "lib" }]\n[[package]]\nname = "lib"\nversion = "1.0"\nsource = { git = "https://example.invalid/lib.git" }\n`;
    await expect(exportUvLock(text, env312, 'apps/x/uv.lock')).rejects.toMatchObject({ code: 'NXS_PYTHON_UNSUPPORTED_SOURCE', location: { file: 'apps/x/uv.lock' } });
  });
});

describe('poetry.lock export (lock-version 2.1)', () => {
  it('takes the main group, evaluates package markers, skips optional packages', async () => {
    const lock = await exportPoetryLock(await read('poetry/poetry.lock'), env312, 'poetry.lock');
    expect(pins(lock)).toEqual(['certifi==2026.10.18', 'charset-normalizer==3.5.2', 'idna==3.20', 'requests==2.32.3', 'urllib3==2.8.0']);
  });

  it('walks from pyproject.toml when the lock records no groups (lock-version 2.0)', async () => {
    const text = (await read('poetry/poetry.lock')).replace(/^groups = .*\n/gm, '').replace(/^markers = .*\n/gm, '');
    const lock = await exportPoetryLock(text, env312, 'poetry.lock', { text: await read('poetry/pyproject.toml'), file: 'pyproject.toml' });
    // colorama is a root dependency (its win32 marker sits in pyproject, which lock 2.0 does not copy), iniconfig is dev-only.
    expect(pins(lock)).toEqual(['certifi==2026.10.18', 'charset-normalizer==3.5.2', 'colorama==0.4.6', 'idna==3.20', 'requests==2.32.3', 'urllib3==2.8.0']);
  });

  it('reports TOML syntax errors as NXS_PYTHON_LOCK_INVALID', async () => {
    await expect(exportPoetryLock('[[package]\nname = ', env312, 'poetry.lock')).rejects.toMatchObject({ code: 'NXS_PYTHON_LOCK_INVALID' });
  });
});

describe('Pipfile.lock export', () => {
  it('takes the default section and drops entries whose markers do not hold', async () => {
    const lock = exportPipfileLock(await read('pipenv/Pipfile.lock'), env312, 'Pipfile.lock');
    expect(pins(lock)).toEqual(['certifi==2026.10.18', 'charset-normalizer==3.5.2', 'idna==3.20', 'pysocks==1.7.1', 'requests==2.32.3', 'urllib3==2.8.0']);
    const text = toRequirementsText(lock);
    expect(text).toMatch(/^requests==2\.32\.3 --hash=sha256:[0-9a-f]{64}/m);
    expect(text).not.toMatch(/colorama|iniconfig/);
  });

  it('adds private indexes as --extra-index-url and rejects path sources', () => {
    const text = JSON.stringify({ _meta: { sources: [{ url: 'https://pypi.org/simple' }, { url: 'https://pkgs.example.invalid/simple' }] }, default: { a: { version: '==1.0', hashes: ['sha256:aa'] } } });
    expect(toRequirementsText(exportPipfileLock(text, env312, 'Pipfile.lock'))).toBe('--extra-index-url https://pkgs.example.invalid/simple\na==1.0 --hash=sha256:aa\n');
    const bad = JSON.stringify({ default: { mylib: { path: '../mylib', editable: true } } });
    expect(() => exportPipfileLock(bad, env312, 'Pipfile.lock')).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_UNSUPPORTED_SOURCE' }));
    expect(() => exportPipfileLock('{', env312, 'Pipfile.lock')).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_LOCK_INVALID' }));
  });
});
