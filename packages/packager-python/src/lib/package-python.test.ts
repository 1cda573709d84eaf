// Real pip against PyPI: requests + pydantic (pydantic-core ships native wheels) for both architectures.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readManifest, readZip, spawnTool } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { distInfoVersion, elfMachine, tempWorkspace, wheelTags, writeFiles, zipEntries } from '../test-support/workspace';
import { packagePythonFunction, type PackagePythonOptions } from './package-python';
import { PINNED_UV_VERSION } from './uv-tool';

const HANDLER = `import json
import requests
from pydantic import BaseModel


class Event(BaseModel):
    name: str


def handler(event, context):
    return {"hello": Event(**event).name, "requests": requests.__version__}


def other(event, context):
    return json.dumps(event)
`;

let ws: string;
let cacheDir: string;
const base = (over: Partial<PackagePythonOptions> = {}): PackagePythonOptions => ({
  workspaceRoot: ws,
  projectRoot: 'apps/api',
  resourceName: 'fn',
  entryfilePath: 'src/handler.py',
  cacheDir,
  env: process.env,
  ...over,
});

beforeAll(async () => {
  ws = await tempWorkspace();
  cacheDir = path.join(ws, 'node_modules/.cache/nxstack');
  await writeFiles(ws, {
    'apps/api/src/handler.py': HANDLER,
    'apps/api/src/lib/util.py': 'VALUE = 1\n',
    'apps/api/src/tests/test_handler.py': 'def test_x():\n    pass\n',
    'apps/api/src/test_other.py': 'x = 1\n',
    'apps/api/src/__pycache__/handler.cpython-311.pyc': 'junk',
    'apps/api/src/notes.txt': 'excluded by excludeFiles\n',
    'apps/api/config/settings.json': '{"a": 1}\n',
    'apps/api/requirements.txt': 'requests==2.32.3\npydantic==2.9.2\nboto3==1.35.0\n',
  });
});

describe('packagePythonFunction with real pip', () => {
  it('builds python3.12 arm64: aarch64 wheels and ELF objects, code at the root, noise left out', async () => {
    const r = await packagePythonFunction(base({ architecture: 'arm64', excludeFiles: ['src/notes.txt'], includeFiles: ['config/*.json'], excludeDependencies: ['boto3'] }));
    expect(r.manifest).toMatchObject({ kind: 'zip', resource: 'fn', artifact: 'fn.zip', handler: 'handler.handler', runtime: 'python3.12', architecture: 'arm64', packager: 'python' });
    expect(r.outputDir).toBe(path.join(ws, 'dist/stack/apps/api/fn'));
    expect(await readManifest(r.outputDir)).toEqual(r.manifest);
    const stat = await fs.stat(r.artifactFile);
    expect(stat.size).toBe(r.manifest.size);
    const entries = await zipEntries(r.artifactFile);
    const paths = [...entries.keys()];
    expect(paths).toEqual(expect.arrayContaining(['handler.py', 'lib/util.py', 'config/settings.json', 'requests/__init__.py', 'pydantic/__init__.py']));
    expect(paths.filter((p) => /__pycache__|\.pyc$|(^|\/)tests\/|test_other|notes\.txt|\.dist-info\/RECORD$|^bin\//.test(p))).toEqual([]);
    // boto3 and what only it pulled in are gone; requests' own dependencies stay.
    expect(paths.some((p) => p.startsWith('boto3') || p.startsWith('botocore') || p.startsWith('s3transfer'))).toBe(false);
    expect(paths.some((p) => p.startsWith('urllib3/'))).toBe(true);
    const tags = wheelTags(entries, 'pydantic_core-');
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((t) => /^cp312-cp312-manylinux.*aarch64$/.test(t))).toBe(true);
    const sos = paths.filter((p) => p.endsWith('.so'));
    expect(sos.some((p) => p.startsWith('pydantic_core/'))).toBe(true);
    for (const so of sos) expect(elfMachine(entries.get(so)!.content), so).toBe(183);
  });

  it('builds python3.12 x86_64 from the same lock: x86-64 wheels, its own cache entry', async () => {
    const r = await packagePythonFunction(base({ architecture: 'x86_64', resourceName: 'fnx' }));
    expect(r.dependencyCacheHit).toBe(false);
    const entries = await zipEntries(r.artifactFile);
    expect(wheelTags(entries, 'pydantic_core-').every((t) => /^cp312-cp312-manylinux.*x86_64$/.test(t))).toBe(true);
    const sos = [...entries.keys()].filter((p) => p.endsWith('.so'));
    expect(sos.length).toBeGreaterThan(0);
    for (const so of sos) expect(elfMachine(entries.get(so)!.content), so).toBe(62);
    expect(distInfoVersion(entries, 'boto3')).toBe('1.35.0');
  });

  it('a code-only change reuses the dependency layer (its speed is measured in tools/bench, not asserted here)', async () => {
    const cold = await packagePythonFunction(base({ architecture: 'arm64', resourceName: 'warm', excludeDependencies: ['boto3'] }));
    expect(cold.dependencyCacheHit).toBe(true); // same lock/version/arch/exclusions as the first test
    await writeFiles(ws, { 'apps/api/src/lib/util.py': 'VALUE = 2\n' });
    const warm = await packagePythonFunction(base({ architecture: 'arm64', resourceName: 'warm', excludeDependencies: ['boto3'] }));
    expect(warm.dependencyCacheHit).toBe(true);
    expect(warm.manifest.sha256).not.toBe(cold.manifest.sha256);
    await writeFiles(ws, { 'apps/api/src/lib/util.py': 'VALUE = 1\n' });
  });

  it('runs: python3.11 x86_64 zip imports requests + pydantic and answers with handlerFunction', async () => {
    const r = await packagePythonFunction(base({ runtime: 'python3.11', resourceName: 'run', handlerFunction: 'other', excludeDependencies: ['boto3'] }));
    expect(r.manifest.handler).toBe('handler.other');
    const dir = path.join(ws, 'unzipped');
    for (const e of await readZip(r.artifactFile)) {
      await fs.mkdir(path.dirname(path.join(dir, e.path)), { recursive: true });
      await fs.writeFile(path.join(dir, e.path), e.content);
    }
    // -S -s: no site-packages of the build machine, only the zip's contents (as on Lambda).
    const script = 'import sys; sys.path.insert(0, sys.argv[1]); import handler; print(handler.handler({"name": "lambda"}, None)); print(handler.other({"a": 1}, None))';
    const run = await spawnTool(['python3', '-S', '-s', '-c', script, dir], { cwd: dir });
    expect(run.output).toContain("{'hello': 'lambda', 'requests': '2.32.3'}");
    expect(run.output).toContain('{"a": 1}');
  });

  it('is byte-identical across two clean builds (fresh cache, fresh output)', async () => {
    const a = await packagePythonFunction(base({ architecture: 'arm64', resourceName: 'same', cacheDir: path.join(ws, 'cache-a'), outputPath: 'out-a' }));
    const b = await packagePythonFunction(base({ architecture: 'arm64', resourceName: 'same', cacheDir: path.join(ws, 'cache-b'), outputPath: 'out-b' }));
    expect(a.dependencyCacheHit || b.dependencyCacheHit).toBe(false);
    expect(b.manifest.sha256).toBe(a.manifest.sha256);
    // Buffer.equals: vitest's deep equality walks (and diffs) every byte of a 16 MB buffer.
    expect((await fs.readFile(b.artifactFile)).equals(await fs.readFile(a.artifactFile))).toBe(true);
  });

  it('uv (provisioned from PyPI when not on PATH) and pip install the same files: byte-identical zips', async () => {
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const viaUv = await packagePythonFunction(base({ resourceName: 'same', installer: 'uv', log, cacheDir: path.join(ws, 'cache-uv'), outputPath: 'out-uv' }));
    const viaPip = await packagePythonFunction(base({ resourceName: 'same', installer: 'pip', log, cacheDir: path.join(ws, 'cache-pip'), outputPath: 'out-pip' }));
    expect(logs.filter((l) => /installing with (uv|pip)/.test(l))).toEqual([expect.stringMatching(/^same: installing with uv \S+ \((PATH|provisioned)\)$/), 'same: installing with pip']);
    if (logs.some((l) => l.includes('(provisioned)'))) {
      const uv = await spawnTool([path.join(cacheDir, 'uv', PINNED_UV_VERSION, 'bin', 'uv'), '--version']);
      expect(uv.stdout).toContain(`uv ${PINNED_UV_VERSION}`);
    }
    expect(viaUv.manifest.sha256).toBe(viaPip.manifest.sha256);
    expect((await fs.readFile(viaUv.artifactFile)).equals(await fs.readFile(viaPip.artifactFile))).toBe(true);
  });
});
