// poetry.lock, Pipfile.lock and uv.lock projects exported by us and installed by real pip (no poetry/pipenv/uv needed).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distInfoVersion, tempWorkspace, writeFiles, zipEntries } from '../test-support/workspace';
import { packagePythonFunction } from './package-python';

const fixtures = path.join(__dirname, 'lockfiles', '__fixtures__');
let ws: string;

beforeAll(async () => {
  ws = await tempWorkspace();
  for (const kind of ['uv', 'poetry', 'pipenv']) {
    await fs.cp(path.join(fixtures, kind), path.join(ws, 'apps', kind), { recursive: true });
    await writeFiles(ws, { [`apps/${kind}/app.py`]: 'import requests\n\n\ndef handler(event, context):\n    return requests.__version__\n' });
  }
});

const build = (kind: string, extra: { runtime?: string; languageSpecificConfig?: Record<string, string>; excludeDependencies?: string[]; resourceName?: string } = {}) =>
  packagePythonFunction({ workspaceRoot: ws, projectRoot: `apps/${kind}`, resourceName: `${kind}${extra.runtime ?? ''}`, entryfilePath: 'app.py', cacheDir: path.join(ws, 'cache'), env: process.env, ...extra });

describe('lock files exported to pinned, hash-checked pip installs', () => {
  it.each([
    ['uv', { packageManager: 'uv' }, true],
    ['poetry', { packageManager: 'poetry', packageManagerFile: 'pyproject.toml' }, false],
    ['pipenv', { packageManagerFile: 'Pipfile' }, true],
  ])('%s: exactly the locked production packages for python3.12, nothing for win32 or dev', async (kind, lsc, socks) => {
    const r = await build(kind, { languageSpecificConfig: lsc });
    expect(r.manifest.handler).toBe('app.handler');
    const entries = await zipEntries(r.artifactFile);
    expect(distInfoVersion(entries, 'requests')).toBe('2.32.3');
    expect(distInfoVersion(entries, 'urllib3')).toBe('2.8.0');
    expect(distInfoVersion(entries, 'certifi')).toBe('2026.10.18');
    expect(distInfoVersion(entries, 'colorama')).toBeUndefined();
    expect(distInfoVersion(entries, 'iniconfig')).toBeUndefined();
    expect(entries.has('socks.py')).toBe(socks);
    expect(entries.has('app.py')).toBe(true);
    // The lock's own files are not code the function runs, but they sit in its folder: kept as plain files.
    expect([...entries.keys()].filter((p) => p.endsWith('.dist-info/RECORD'))).toEqual([]);
  });

  it('excludeDependencies on a lock removes the package and what only it needed', async () => {
    const r = await build('uv', { excludeDependencies: ['Requests'], resourceName: 'uvExcl' });
    const paths = [...(await zipEntries(r.artifactFile)).keys()];
    expect(paths).toEqual(['app.py', 'pyproject.toml', 'uv.lock']);
  });

  it('uv.lock for python3.9 takes the urllib3 fork locked for python < 3.10', async () => {
    const r = await build('uv', { runtime: 'python3.9' });
    expect(distInfoVersion(await zipEntries(r.artifactFile), 'urllib3')).toBe('2.6.3');
  });

  it('a lock change is a new dependency layer; an unchanged lock is a cache hit', async () => {
    const again = await build('uv', { runtime: 'python3.9' });
    expect(again.dependencyCacheHit).toBe(true);
    const lockFile = path.join(ws, 'apps/uv/uv.lock');
    await fs.appendFile(lockFile, '\n');
    const changed = await build('uv', { runtime: 'python3.9' });
    expect(changed.dependencyCacheHit).toBe(false);
    expect(changed.dependencyLayerKey).not.toBe(again.dependencyLayerKey);
  });

  it('a tampered hash in Pipfile.lock fails with pip\'s own output and a hint', async () => {
    const lockFile = path.join(ws, 'apps/pipenv/Pipfile.lock');
    const lock = JSON.parse(await fs.readFile(lockFile, 'utf8'));
    lock.default.idna.hashes = ['sha256:' + '0'.repeat(64)];
    await fs.writeFile(lockFile, JSON.stringify(lock));
    const err = await build('pipenv', { languageSpecificConfig: { packageManagerFile: 'Pipfile' } }).catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_PYTHON_DEPENDENCY_INSTALL_FAILED', hint: expect.stringContaining('regenerate the lock') });
    expect(err.message).toMatch(/DO NOT MATCH THE HASHES|idna/);
  });
});
