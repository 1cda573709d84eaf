import { describe, expect, it } from 'vitest';
import { customArtifactInputs, presentLockfiles, projectSourceInputs } from './package-inputs';
import { tmpWorkspace } from './__fixtures__/workspace';

describe('customArtifactInputs', () => {
  it('is the packagePath file or folder, workspace-relative', () => {
    expect(customArtifactInputs('dist/legacy/', 'apps/api')).toEqual(['{workspaceRoot}/apps/api/dist/legacy', '{workspaceRoot}/apps/api/dist/legacy/**/*']);
    expect(customArtifactInputs('./bin/tool.zip', '.')).toEqual(['{workspaceRoot}/bin/tool.zip', '{workspaceRoot}/bin/tool.zip/**/*']);
    expect(customArtifactInputs('../shared/legacy', 'apps/api')).toEqual(['{workspaceRoot}/apps/shared/legacy', '{workspaceRoot}/apps/shared/legacy/**/*']);
  });

  it('falls back to the project files for paths that leave the workspace', () => {
    expect(customArtifactInputs('../../../etc', 'apps/api')).toEqual(projectSourceInputs());
    expect(customArtifactInputs('/opt/artifact', 'apps/api')).toEqual(projectSourceInputs());
  });
});

describe('presentLockfiles', () => {
  it('lists only the lockfiles that exist at the workspace root', () => {
    const root = tmpWorkspace({ 'pnpm-lock.yaml': '', 'apps/api/package-lock.json': '{}' });
    expect(presentLockfiles(root)).toEqual(['{workspaceRoot}/pnpm-lock.yaml']);
  });
});
