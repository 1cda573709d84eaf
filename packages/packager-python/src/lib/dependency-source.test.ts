import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace, writeFiles } from '../test-support/workspace';
import { pythonTaskInputs, resolveDependencySource } from './dependency-source';

describe('resolveDependencySource', () => {
  it('detects the package manager from the files in the project folder', async () => {
    const ws = await tempWorkspace();
    expect(resolveDependencySource(ws, undefined)).toBeUndefined();
    await writeFiles(ws, { 'requirements.txt': 'requests\n' });
    expect(resolveDependencySource(ws, undefined)).toEqual({ packageManager: 'pip', lockFile: path.join(ws, 'requirements.txt') });
    await writeFiles(ws, { 'poetry.lock': '', 'pyproject.toml': '' });
    expect(resolveDependencySource(ws, undefined)).toMatchObject({ packageManager: 'poetry', lockFile: path.join(ws, 'poetry.lock'), pyproject: path.join(ws, 'pyproject.toml') });
    await writeFiles(ws, { 'uv.lock': '' });
    expect(resolveDependencySource(ws, undefined)).toMatchObject({ packageManager: 'uv' });
    expect(resolveDependencySource(ws, { packageManager: 'pip' })).toMatchObject({ packageManager: 'pip' });
  });

  it('finds the lock beside a manifest given as packageManagerFile, also outside the project', async () => {
    const ws = await tempWorkspace();
    await writeFiles(ws, { 'libs/deps/Pipfile': '', 'libs/deps/Pipfile.lock': '{}', 'apps/fn/x.py': '' });
    expect(resolveDependencySource(path.join(ws, 'apps/fn'), { packageManagerFile: '../../libs/deps/Pipfile' })).toMatchObject({ packageManager: 'pipenv', lockFile: path.join(ws, 'libs/deps/Pipfile.lock') });
  });

  it('a missing lock is NXS_PYTHON_LOCK_MISSING with the command that writes it', async () => {
    const ws = await tempWorkspace();
    await writeFiles(ws, { 'pyproject.toml': '[project]\nname = "x"\n' });
    const loc = { file: 'apps/fn/stack.yml', line: 12, column: 27 };
    expect(() => resolveDependencySource(ws, { packageManager: 'uv' }, { packageManager: loc })).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_LOCK_MISSING', hint: expect.stringContaining('uv lock') }));
    expect(() => resolveDependencySource(ws, { packageManager: 'poetry', packageManagerFile: 'pyproject.toml' }, { packageManagerFile: loc })).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_LOCK_MISSING', location: loc, hint: expect.stringContaining('poetry lock') }));
    expect(() => resolveDependencySource(ws, { packageManagerFile: 'reqs/prod.txt' })).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_LOCK_MISSING' }));
  });
});

describe('pythonTaskInputs', () => {
  it('lists the lock/manifest files the dependency layer depends on, workspace-relative', async () => {
    expect(pythonTaskInputs('apps/fn', undefined)).toEqual(['apps/fn/Pipfile', 'apps/fn/Pipfile.lock', 'apps/fn/poetry.lock', 'apps/fn/pyproject.toml', 'apps/fn/requirements.txt', 'apps/fn/uv.lock']);
    expect(pythonTaskInputs('apps/fn', { packageManager: 'uv', packageManagerFile: 'pyproject.toml' })).toEqual(['apps/fn/uv.lock']);
    expect(pythonTaskInputs('apps/fn', { packageManager: 'poetry' })).toEqual(['apps/fn/poetry.lock', 'apps/fn/pyproject.toml']);
    expect(pythonTaskInputs('apps/fn', { packageManager: 'pip' })).toEqual(['apps/fn/requirements.txt']);
    expect(pythonTaskInputs('apps/fn', { packageManagerFile: '../../shared/poetry.lock' })).toEqual(['shared/poetry.lock', 'shared/pyproject.toml']);
  });

  it('follows -r / -c includes of a requirements file when given the workspace root', async () => {
    const ws = await tempWorkspace();
    await writeFiles(ws, { 'apps/fn/requirements.txt': '-r ../../shared/base.txt\n-c constraints.txt\nrequests\n', 'shared/base.txt': 'idna\n' });
    expect(pythonTaskInputs('apps/fn', { packageManagerFile: 'requirements.txt' }, ws)).toEqual(['apps/fn/constraints.txt', 'apps/fn/requirements.txt', 'shared/base.txt']);
  });
});
