import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage } from './build-image';
import { DEFAULT_BUILDER, findPack, packBuildArgv } from './external-buildpack';

describe('external-buildpack', () => {
  it('builds the pack argv (argv array, default builder, buildpacks, engine)', () => {
    expect(packBuildArgv({ imageName: 'nxstack-build/web:latest', sourceDirectoryPath: '/ws/apps/web', buildpacks: ['paketo-buildpacks/nodejs', 'paketo-buildpacks/procfile'], dockerHost: 'unix:///tmp/d.sock', environment: { BP_NODE_VERSION: '22', A: 'x y' } })).toEqual([
      'build', 'nxstack-build/web:latest', '--path', '/ws/apps/web', '--builder', DEFAULT_BUILDER, '--pull-policy', 'if-not-present', '--network', 'host',
      '--buildpack', 'paketo-buildpacks/nodejs', '--buildpack', 'paketo-buildpacks/procfile',
      '--env', 'A=x y', '--env', 'BP_NODE_VERSION=22',
      '--docker-host', 'unix:///tmp/d.sock',
    ]);
    expect(DEFAULT_BUILDER).toBe('paketobuildpacks/builder-jammy-base');
  });

  it('says how to install pack when it is not on PATH', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ib-pack-'));
    expect(await findPack(root)).toBeUndefined();
    await expect(
      buildImage({
        workspaceRoot: root, projectRoot: '.', resource: 'web', lambda: false, architecture: 'x86_64', outputDir: join(root, 'dist'), stage: 'local', region: 'us-east-1',
        packaging: { type: 'external-buildpack', properties: { sourceDirectoryPath: '.' } },
        pathEnv: root,
      }),
    ).rejects.toMatchObject({ code: 'NXS_PACK_NOT_FOUND', hint: expect.stringContaining('buildpacks.io') });
  });
});
