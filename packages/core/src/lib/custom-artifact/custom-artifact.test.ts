import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNxstackError } from '../errors';
import { readManifest } from '../manifest';
import { readZip, sha256File } from '../zip';
import { packageCustomArtifact } from './package-custom-artifact';

const execFileAsync = promisify(execFile);
let ws: string;

beforeAll(async () => {
  ws = await fs.mkdtemp(path.join(os.tmpdir(), 'nxs-custom-artifact-'));
  const build = path.join(ws, 'apps', 'api', 'build');
  await fs.mkdir(path.join(build, 'lib'), { recursive: true });
  await fs.writeFile(path.join(build, 'index.js'), 'exports.handler = async () => "ok";\n');
  await fs.writeFile(path.join(build, 'lib', 'util.js'), 'module.exports = 42;\n');
  await fs.writeFile(path.join(build, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
});

afterAll(async () => {
  await fs.rm(ws, { recursive: true, force: true });
});

const base = () => ({ workspaceRoot: ws, projectRoot: 'apps/api' });

async function touchAll(dir: string, when: Date): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    await fs.utimes(path.join(entry.parentPath, entry.name), when, when);
  }
}

describe('packageCustomArtifact', () => {
  it('zips a directory deterministically, whatever the file times', async () => {
    const a = await packageCustomArtifact({ ...base(), resourceName: 'fromDir', packagePath: 'build', outputPath: 'out/a' });
    await touchAll(path.join(ws, 'apps/api/build'), new Date('2030-05-05T05:05:05Z'));
    const b = await packageCustomArtifact({ ...base(), resourceName: 'fromDir', packagePath: 'build', outputPath: 'out/b' });
    expect(a.manifest.sha256).toBe(b.manifest.sha256);
    expect(await fs.readFile(a.artifactPath)).toEqual(await fs.readFile(b.artifactPath));
    expect(a.manifest).toEqual({
      kind: 'zip', resource: 'fromDir', artifact: 'fromDir.zip', sha256: await sha256File(a.artifactPath), size: (await fs.stat(a.artifactPath)).size,
      handler: 'index.handler', runtime: 'nodejs24.x', architecture: 'x86_64', packager: 'custom-artifact',
    });
    expect(await readManifest(path.join(ws, 'out/a'))).toEqual(a.manifest);
    const entries = await readZip(a.artifactPath);
    expect(entries.map((e) => [e.path, e.mode.toString(8)])).toEqual([['index.js', '644'], ['lib/util.js', '644'], ['run.sh', '755']]);
  });

  it('writes to dist/stack/<projectRoot>/<resource> by default', async () => {
    const r = await packageCustomArtifact({ ...base(), resourceName: 'defaults', packagePath: 'build', handler: 'main.go', runtime: 'provided.al2023', architecture: 'arm64' });
    expect(r.outputDir).toBe(path.join(ws, 'dist/stack/apps/api/defaults'));
    expect(r.manifest).toMatchObject({ handler: 'main.go', runtime: 'provided.al2023', architecture: 'arm64' });
  });

  it('re-writes a user zip so the digest depends only on its files', async () => {
    const build = path.join(ws, 'apps/api/build');
    // Two zips of the same files made by Info-ZIP at different times and in different orders.
    await touchAll(build, new Date('2021-01-01T00:00:00Z'));
    await execFileAsync('zip', ['-q', '-r', path.join(ws, 'apps/api/one.zip'), 'index.js', 'lib', 'run.sh'], { cwd: build });
    await touchAll(build, new Date('2024-06-06T06:06:06Z'));
    await execFileAsync('zip', ['-q', '-r', '-9', path.join(ws, 'apps/api/two.zip'), 'run.sh', 'lib', 'index.js'], { cwd: build });
    expect(await sha256File(path.join(ws, 'apps/api/one.zip'))).not.toBe(await sha256File(path.join(ws, 'apps/api/two.zip')));
    const one = await packageCustomArtifact({ ...base(), resourceName: 'zipped', packagePath: 'one.zip', outputPath: 'out/z1' });
    const two = await packageCustomArtifact({ ...base(), resourceName: 'zipped', packagePath: 'two.zip', outputPath: 'out/z2' });
    const again = await packageCustomArtifact({ ...base(), resourceName: 'zipped', packagePath: 'one.zip', outputPath: 'out/z3' });
    expect(one.manifest.sha256).toBe(two.manifest.sha256);
    expect(await fs.readFile(one.artifactPath)).toEqual(await fs.readFile(again.artifactPath));
    const fromDir = await packageCustomArtifact({ ...base(), resourceName: 'zipped', packagePath: 'build', outputPath: 'out/z4' });
    expect(fromDir.manifest.sha256).toBe(one.manifest.sha256);
    const entries = await readZip(one.artifactPath);
    expect(entries.map((e) => e.path)).toEqual(['index.js', 'lib/util.js', 'run.sh']);
    expect(entries.find((e) => e.path === 'lib/util.js')!.content.toString()).toBe('module.exports = 42;\n');
  });

  it('zips a single file at the zip root', async () => {
    const r = await packageCustomArtifact({ ...base(), resourceName: 'single', packagePath: 'build/run.sh', handler: 'run.sh', outputPath: 'out/single' });
    const entries = await readZip(r.artifactPath);
    expect(entries.map((e) => [e.path, e.mode.toString(8), e.content.toString()])).toEqual([['run.sh', '755', '#!/bin/sh\necho hi\n']]);
  });

  it('fails with NXS_ARTIFACT_NOT_FOUND and a hint when packagePath is missing', async () => {
    const err = await packageCustomArtifact({ ...base(), resourceName: 'missing', packagePath: 'nope/dist' }).catch((e: unknown) => e);
    expect(isNxstackError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'NXS_ARTIFACT_NOT_FOUND' });
    expect((err as { hint: string }).hint).toContain('relative to the project root');
    const inside = await packageCustomArtifact({ ...base(), resourceName: 'loop', packagePath: 'build', outputPath: 'apps/api/build/out' }).catch((e: unknown) => e);
    expect(inside).toMatchObject({ code: 'NXS_ARTIFACT_OUTPUT_INSIDE_SOURCE' });
  });
});

describe('packageCustomArtifact keeps to the workspace', () => {
  it('refuses packagePath outside the workspace, a symlink that leads out, and a folder holding one; writes nothing', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'nxs-outside-'));
    await fs.writeFile(path.join(outside, 'key.pem'), 'secret');
    const dist = path.join(ws, 'apps', 'api', 'dist-escape');
    await fs.mkdir(dist, { recursive: true });
    await fs.writeFile(path.join(dist, 'index.js'), 'exports.handler = 1;');
    await fs.symlink(outside, path.join(dist, 'certs'));
    await fs.symlink(outside, path.join(ws, 'apps', 'api', 'linked'));
    const location = { file: 'apps/api/stack.yml', line: 8, column: 24 };
    for (const packagePath of ['../../../../../../../../etc/ssl', outside, 'linked', 'linked/key.pem', 'dist-escape']) {
      const err = await packageCustomArtifact({ ...base(), resourceName: 'escape', packagePath, packagePathLocation: location, outputPath: 'out/escape' }).catch((e) => e);
      expect(isNxstackError(err) && err.code, packagePath).toBe('NXS_PATH_OUTSIDE_WORKSPACE');
      expect(err.location).toEqual(location);
    }
    const err = await packageCustomArtifact({ ...base(), resourceName: 'escape', packagePath: 'dist-escape', outputPath: 'out/escape' }).catch((e) => e);
    expect(err.message).toBe(`a file under packagePath ${path.join(dist, 'certs', 'key.pem')} resolves outside the workspace ${ws} (${path.join(dist, 'certs', 'key.pem')} leads to ${path.join(outside, 'key.pem')} through a symlink)`);
    await expect(fs.stat(path.join(ws, 'out', 'escape', 'escape.zip'))).rejects.toThrow();
  });
});
