import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { spawnTool } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../test-support/workspace';
import { uvTargetArgs } from './target-platform';
import { findPythonToolchain } from './toolchain';
import { uvIndexArgs } from './uv-install';
import { chooseInstaller, findUv, PINNED_UV_VERSION } from './uv-tool';

describe('installer choice and uv arguments', () => {
  it('uv unless the option or NXSTACK_PYTHON_INSTALLER says pip; the option wins', () => {
    expect(chooseInstaller(undefined, {})).toBe('uv');
    expect(chooseInstaller(undefined, { NXSTACK_PYTHON_INSTALLER: 'pip' })).toBe('pip');
    expect(chooseInstaller(undefined, { NXSTACK_PYTHON_INSTALLER: ' PIP ' })).toBe('pip');
    expect(chooseInstaller('uv', { NXSTACK_PYTHON_INSTALLER: 'pip' })).toBe('uv');
    expect(chooseInstaller('pip', {})).toBe('pip');
  });

  it('maps the Lambda glibc to uv platforms: 2_34 for AL2023 (3.12+), 2_17 for AL2, per architecture', () => {
    expect(uvTargetArgs('3.12', 'x86_64')).toEqual(['--python-platform', 'x86_64-manylinux_2_34', '--python-version', '3.12', '--only-binary', ':all:']);
    expect(uvTargetArgs('3.13', 'arm64').slice(0, 2)).toEqual(['--python-platform', 'aarch64-manylinux_2_34']);
    expect(uvTargetArgs('3.9', 'arm64').slice(0, 4)).toEqual(['--python-platform', 'aarch64-manylinux_2_17', '--python-version', '3.9']);
  });

  it('hands pip index settings from the environment to uv', () => {
    expect(uvIndexArgs({})).toEqual([]);
    expect(uvIndexArgs({ PIP_INDEX_URL: 'https://idx/simple', PIP_EXTRA_INDEX_URL: 'https://a/simple https://b/simple', PIP_FIND_LINKS: '/w1 /w2' })).toEqual([
      '--index-url', 'https://idx/simple',
      '--extra-index-url', 'https://a/simple', '--extra-index-url', 'https://b/simple',
      '--index-strategy', 'unsafe-best-match',
      '--find-links', '/w1', '--find-links', '/w2',
    ]);
  });
});

describe('findUv', () => {
  it('no uv on PATH and none installable (index unreachable): undefined, with why in the log, nothing left behind', async () => {
    const ws = await tempWorkspace();
    // A PATH holding only python3, so a uv installed on this machine cannot be found.
    const bin = path.join(ws, 'bin');
    await fs.mkdir(bin);
    const python = (await spawnTool(['python3', '-c', 'import sys; print(sys.executable)'])).stdout.trim();
    await fs.symlink(python, path.join(bin, 'python3'));
    const env = { ...process.env, PATH: bin, PIP_INDEX_URL: `file://${path.join(ws, 'no-index')}`, PIP_FIND_LINKS: '', PIP_NO_CACHE_DIR: '1' };
    const toolchain = await findPythonToolchain('python3', env);
    const logs: string[] = [];
    const provisionDir = path.join(ws, 'uv');
    expect(await findUv({ toolchain, provisionDir, env, log: (l) => logs.push(l) })).toBeUndefined();
    expect(logs.join('\n')).toContain(`uv ${PINNED_UV_VERSION} could not be installed from the package index; using pip.`);
    expect(await fs.readdir(provisionDir)).toEqual([]);
    // Without a provision folder only PATH is tried, and nothing is installed.
    expect(await findUv({ toolchain, env })).toBeUndefined();
  });
});
