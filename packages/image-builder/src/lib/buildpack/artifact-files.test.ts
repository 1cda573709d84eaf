import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeManifest, writeZip } from '@nxstack/core';
import { artifactFileContent, readArtifact, splitArtifact } from './artifact-files';

describe('readArtifact on a language packager output folder', () => {
  it('opens the zip its manifest.json names and ignores the folder bookkeeping (inputs.json)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nxs-artifact-'));
    const { sha256, size } = await writeZip(
      [
        { path: 'index.js', content: 'exports.handler = async () => 1;\n' },
        { path: 'node_modules/semver/package.json', content: '{"name":"semver"}\n' },
      ],
      path.join(dir, 'fn.zip'),
    );
    writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify(['src/fn.ts']));
    await writeManifest(dir, { kind: 'zip', resource: 'fn', artifact: 'fn.zip', sha256, size, handler: 'index.handler', runtime: 'nodejs22.x', architecture: 'x86_64', packager: 'node' });
    const files = await readArtifact(dir);
    expect(files.map((f) => f.path).sort()).toEqual(['index.js', 'node_modules/semver/package.json']);
    const split = await splitArtifact(files);
    expect(split.dependencies.map((f) => f.path)).toEqual(['node_modules/semver/package.json']);
    expect(split.code.map((f) => f.path)).toEqual(['index.js']);
  });

  it('a plain folder without a manifest is read file by file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nxs-artifact-'));
    writeFileSync(path.join(dir, 'main.py'), 'print(1)\n');
    const files = await readArtifact(dir);
    expect(await Promise.all(files.map(async (f) => [f.path, f.size, (await artifactFileContent(f)).toString()]))).toEqual([['main.py', 9, 'print(1)\n']]);
  });
});
