import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStack } from './load-stack';
import { StackLoadError } from './stack-load-error';
import { workspaceWithOutside } from '../workspace-path/__fixtures__/workspace-with-outside';

/** A workspace with apps/api/{src/index.ts, docker/Dockerfile} and a secret folder outside it. */
const workspace = () => workspaceWithOutside({ 'src/index.ts': '', 'docker/Dockerfile': 'FROM scratch\n' }, { name: 'secret.ts', content: 'export const key = 1;' });

const buildpack = (entry: string, extra = '') =>
  `resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: ${entry}\n${extra}`;
const customArtifact = (packagePath: string) => `resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: custom-artifact\n        properties:\n          packagePath: ${packagePath}\n`;
const dockerfile = (context: string, file: string) =>
  `resources:\n  svc:\n    type: worker-service\n    properties:\n      resources:\n        cpu: 0.25\n        memory: 512\n      packaging:\n        type: custom-dockerfile\n        properties:\n          buildContextPath: ${context}\n          dockerfilePath: ${file}\n`;

function problems(root: string, yaml: string, checkPaths = true) {
  try {
    parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: root, checkPaths });
  } catch (e) {
    expect(e).toBeInstanceOf(StackLoadError);
    return (e as StackLoadError).problems.map((p) => ({ code: p.code, where: p.where, message: p.message }));
  }
  return [];
}

describe('loadStack keeps every stack.yml path inside the workspace', () => {
  it('refuses packagePath climbing out with `..` at its YAML node', () => {
    const ws = workspace();
    expect(problems(ws.root, customArtifact('../../../../../../../../etc/ssl'))).toEqual([
      { code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:8:24', message: `packagePath '../../../../../../../../etc/ssl' resolves outside the workspace ${ws.root} (/etc/ssl)` },
    ]);
  });

  it('refuses absolute entry files outside and a symlink that leads out; allows a symlink to another folder of the workspace', () => {
    const ws = workspace();
    expect(problems(ws.root, buildpack(path.join(ws.outside, 'secret.ts')))).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:8:26' }]);
    symlinkSync(ws.outside, path.join(ws.project, 'vendor'));
    expect(problems(ws.root, buildpack('vendor/secret.ts'))[0]!.message).toContain(`leads to ${path.join(ws.outside, 'secret.ts')} through a symlink`);
    mkdirSync(path.join(ws.root, 'libs', 'shared'), { recursive: true });
    writeFileSync(path.join(ws.root, 'libs', 'shared', 'handler.ts'), '');
    symlinkSync(path.join(ws.root, 'libs', 'shared'), path.join(ws.project, 'shared'));
    expect(problems(ws.root, buildpack('shared/handler.ts'))).toEqual([]);
    expect(problems(ws.root, buildpack('../../libs/shared/handler.ts'))).toEqual([]);
  });

  it('checks tsConfigPath, packageManagerFile and local layers even when the file does not exist yet', () => {
    const ws = workspace();
    const lsc = '          languageSpecificConfig:\n            tsConfigPath: ../../../../../../tsconfig.json\n';
    expect(problems(ws.root, buildpack('src/index.ts', lsc))).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:10:27' }]);
    expect(problems(ws.root, buildpack('src/index.ts', '          languageSpecificConfig:\n            tsConfigPath: tsconfig.app.json\n'))).toEqual([]);
    const py = buildpack('src/app.py', '          languageSpecificConfig:\n            packageManagerFile: /etc/passwd\n');
    writeFileSync(path.join(ws.project, 'src', 'app.py'), '');
    expect(problems(ws.root, py)).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:10:33' }]);
    const layers = buildpack('src/index.ts', '      layers:\n        - arn:aws:lambda:us-east-1:123456789012:layer:x:1\n        - ../../../../../../opt/layer\n');
    expect(problems(ws.root, layers)).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:11:11' }]);
  });

  it('refuses a Dockerfile outside the workspace (relative to the build context) and a build context outside', () => {
    const ws = workspace();
    expect(problems(ws.root, dockerfile('docker', 'Dockerfile'))).toEqual([]);
    expect(problems(ws.root, dockerfile('docker', '../../../../../../../etc/Dockerfile'))).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:12:27' }]);
    expect(problems(ws.root, dockerfile('../../..', 'Dockerfile'))).toMatchObject([{ code: 'NXS_PATH_OUTSIDE_WORKSPACE', where: 'apps/api/stack.yml:11:29' }]);
  });

  it('leaves paths to the package tasks when checkPaths is off (graph-time loading)', () => {
    const ws = workspace();
    expect(problems(ws.root, customArtifact('../../../../../../../../etc/ssl'), false)).toEqual([]);
  });
});
