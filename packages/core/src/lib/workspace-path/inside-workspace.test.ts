import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '../errors';
import { assertInsideWorkspace, resolveInsideWorkspace } from './inside-workspace';
import { workspaceWithOutside } from './__fixtures__/workspace-with-outside';

const workspace = () => workspaceWithOutside({ 'src/index.ts': '' }, { name: 'secret.pem', content: 'secret' });

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isNxstackError(e)) return e;
    throw e;
  }
  throw new Error('expected NXS_PATH_OUTSIDE_WORKSPACE');
}

const location = { file: 'apps/api/stack.yml', line: 7, column: 24 };

describe('resolveInsideWorkspace', () => {
  it('returns the absolute path of files and folders inside, existing or not', () => {
    const ws = workspace();
    const check = { workspaceRoot: ws.root, what: 'entryfilePath', location };
    expect(resolveInsideWorkspace(ws.project, 'src/index.ts', check)).toBe(path.join(ws.project, 'src', 'index.ts'));
    expect(resolveInsideWorkspace(ws.project, '../../libs/shared', check)).toBe(path.join(ws.root, 'libs', 'shared'));
    expect(resolveInsideWorkspace(ws.project, 'dist/not/built/yet.zip', check)).toBe(path.join(ws.project, 'dist', 'not', 'built', 'yet.zip'));
    expect(resolveInsideWorkspace(ws.project, '../..', check)).toBe(ws.root);
  });

  it('refuses `..` that climbs out of the workspace, with the stack.yml location and a hint', () => {
    const ws = workspace();
    const err = failure(() => resolveInsideWorkspace(ws.project, '../../../../../../../../etc/ssl', { workspaceRoot: ws.root, what: 'packagePath', location }));
    expect(err.code).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
    expect(err.location).toEqual(location);
    expect(err.message).toBe(`packagePath '../../../../../../../../etc/ssl' resolves outside the workspace ${ws.root} (/etc/ssl)`);
    expect(err.hint).toContain('inside the workspace root');
    // A sibling folder whose name starts like the root is still outside.
    expect(failure(() => resolveInsideWorkspace(ws.project, `../../../${path.basename(ws.root)}-other/x`, { workspaceRoot: ws.root, what: 'packagePath' })).code).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
  });

  it('refuses absolute paths outside the workspace and accepts absolute paths inside', () => {
    const ws = workspace();
    const check = { workspaceRoot: ws.root, what: 'buildContextPath', location };
    expect(failure(() => resolveInsideWorkspace(ws.project, '/etc/ssl', check)).message).toContain(`buildContextPath '/etc/ssl' resolves outside the workspace`);
    expect(resolveInsideWorkspace(ws.project, path.join(ws.project, 'src'), check)).toBe(path.join(ws.project, 'src'));
  });

  it('refuses a symlink inside the workspace that points outside, also below it and when the target is missing', () => {
    const ws = workspace();
    symlinkSync(ws.outside, path.join(ws.project, 'certs'));
    symlinkSync(path.join(ws.outside, 'not-there'), path.join(ws.project, 'dangling'));
    const check = { workspaceRoot: ws.root, what: 'packagePath', location };
    const err = failure(() => resolveInsideWorkspace(ws.project, 'certs', check));
    expect(err.message).toContain(`leads to ${ws.outside} through a symlink`);
    expect(failure(() => resolveInsideWorkspace(ws.project, 'certs/secret.pem', check)).code).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
    expect(failure(() => resolveInsideWorkspace(ws.project, 'certs/new/file', check)).code).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
    // A dangling link leads where its target will be: outside.
    expect(failure(() => resolveInsideWorkspace(ws.project, 'dangling', check)).message).toContain(`leads to ${path.join(ws.outside, 'not-there')} through a symlink`);
    expect(failure(() => resolveInsideWorkspace(ws.project, 'dangling/deeper/file', check)).code).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
    symlinkSync(path.join(ws.project, 'not-built-yet'), path.join(ws.project, 'dangling-inside'));
    expect(resolveInsideWorkspace(ws.project, 'dangling-inside', check)).toBe(path.join(ws.project, 'dangling-inside'));
  });

  it('allows a symlink that points to another place inside the workspace', () => {
    const ws = workspace();
    mkdirSync(path.join(ws.root, 'libs', 'shared'), { recursive: true });
    writeFileSync(path.join(ws.root, 'libs', 'shared', 'util.ts'), '');
    symlinkSync(path.join(ws.root, 'libs', 'shared'), path.join(ws.project, 'shared'));
    expect(resolveInsideWorkspace(ws.project, 'shared/util.ts', { workspaceRoot: ws.root, what: 'entryfilePath' })).toBe(path.join(ws.project, 'shared', 'util.ts'));
  });

  it('accepts a workspace reached through a symlinked folder', () => {
    const ws = workspace();
    const alias = path.join(mkdtempSync(path.join(tmpdir(), 'nxs-alias-')), 'ws');
    symlinkSync(ws.root, alias);
    expect(resolveInsideWorkspace(path.join(alias, 'apps', 'api'), 'src/index.ts', { workspaceRoot: alias, what: 'entryfilePath' })).toBe(path.join(alias, 'apps', 'api', 'src', 'index.ts'));
    expect(assertInsideWorkspace(path.join(ws.project, 'src', 'index.ts'), { workspaceRoot: alias, what: 'includeFiles match' })).toBe(path.join(ws.project, 'src', 'index.ts'));
  });
});
