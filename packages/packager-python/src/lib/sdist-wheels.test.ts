// Packages with only a source distribution, served from a local --find-links folder to real pip.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { spawnTool } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace, writeFiles, zipEntries } from '../test-support/workspace';
import { packagePythonFunction } from './package-python';

const MAKE_SDIST = 'import sys, tarfile, os\nsrc, out = sys.argv[1], sys.argv[2]\nwith tarfile.open(out, "w:gz") as t:\n    t.add(src, arcname=os.path.basename(src))\n';

let ws: string;
let links: string;

async function sdist(name: string, files: Record<string, string>): Promise<void> {
  const dir = path.join(ws, 'sdist-src', `${name}-1.0.0`);
  await writeFiles(dir, files);
  const r = await spawnTool(['python3', '-c', MAKE_SDIST, dir, path.join(links, `${name}-1.0.0.tar.gz`)]);
  expect(r.exitCode, r.output).toBe(0);
}

beforeAll(async () => {
  ws = await tempWorkspace();
  links = path.join(ws, 'links');
  await fs.mkdir(links, { recursive: true });
  const pyproject = (name: string) => `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "1.0.0"\n`;
  await sdist('nxstack_fixture_pure', { 'pyproject.toml': pyproject('nxstack_fixture_pure'), 'nxstack_fixture_pure.py': 'ANSWER = 42\n' });
  await sdist('nxstack_fixture_native', {
    'pyproject.toml': pyproject('nxstack_fixture_native'),
    'setup.py': 'from setuptools import Extension, setup\nsetup(ext_modules=[Extension("nxstack_fixture_native", ["native.c"])])\n',
    'native.c': '#include <Python.h>\nstatic struct PyModuleDef m = {PyModuleDef_HEAD_INIT, "nxstack_fixture_native"};\nPyMODINIT_FUNC PyInit_nxstack_fixture_native(void) { return PyModule_Create(&m); }\n',
  });
  await writeFiles(ws, { 'apps/fn/handler.py': 'def handler(event, context):\n    return 1\n' });
});

const build = (requirements: string, name: string, log?: (line: string) => void) =>
  writeFiles(ws, { [`apps/fn/${name}.txt`]: requirements }).then(() =>
    packagePythonFunction({
      workspaceRoot: ws,
      projectRoot: 'apps/fn',
      resourceName: name,
      entryfilePath: 'handler.py',
      architecture: 'arm64',
      languageSpecificConfig: { packageManager: 'pip', packageManagerFile: `${name}.txt` },
      cacheDir: path.join(ws, 'cache'),
      env: { ...process.env, PIP_FIND_LINKS: [links, process.env.PIP_FIND_LINKS].filter(Boolean).join(' ') },
      log,
    }),
  );

describe('source-only requirements', () => {
  it('builds a pure-Python sdist into a wheel locally and installs it for the target', async () => {
    const logs: string[] = [];
    const r = await build('nxstack-fixture-pure==1.0.0\n', 'pure', (l) => logs.push(l));
    // uv (the default) finds only the sdist and gives way to pip, which builds it.
    if (logs.some((l) => l.includes('installing with uv'))) expect(logs.join('\n')).toMatch(/uv could not install them; retrying with pip[\s\S]*no usable wheels[\s\S]*installing with pip/);
    const entries = await zipEntries(r.artifactFile);
    expect(entries.get('nxstack_fixture_pure.py')?.content.toString()).toBe('ANSWER = 42\n');
    expect(entries.get('nxstack_fixture_pure-1.0.0.dist-info/WHEEL')?.content.toString()).toMatch(/^Tag: py3-none-any$/m);
  });

  it('an sdist with C code and no wheel is NXS_PYTHON_NATIVE_SDIST naming the package and what to do', async () => {
    const err = await build('nxstack-fixture-native==1.0.0\n', 'native').catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_PYTHON_NATIVE_SDIST' });
    expect(err.message).toContain('nxstack-fixture-native==1.0.0');
    expect(err.message).toContain('native.c');
    expect(err.message).toContain('python3.12 arm64');
    expect(err.hint).toMatch(/manylinux wheels/);
  });

  it('a version that does not exist at all is NXS_PYTHON_NO_DISTRIBUTION with pip\'s output', async () => {
    const err = await build('requests==0.0.999\n', 'missing').catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_PYTHON_NO_DISTRIBUTION' });
    expect(err.message).toMatch(/requests==0\.0\.999/);
  });
});
