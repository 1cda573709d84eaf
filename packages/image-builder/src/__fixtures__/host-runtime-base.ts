/**
 * glibc test base images made from this machine's own (Debian) runtimes, since public images
 * cannot be pulled here: the interpreter binary, every shared library it and its modules load
 * (found through the ELF NEEDED entries, as the dynamic loader would), and for Python the
 * standard library. Enough to run a service image's code with native dependencies under dockerd.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { appendLayers, imageFrom, layerFromEntries, MediaTypes, type Image } from '../index';

const LIBRARY_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib'];
const LOADER = '/lib64/ld-linux-x86-64.so.2';
/** The rest of glibc, as every glibc base image has it (manylinux wheels link libpthread, librt...). */
const GLIBC = ['libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2', 'librt.so.1', 'libutil.so.1', 'libresolv.so.2', 'libgcc_s.so.1', 'libstdc++.so.6'];

type Entry = { path: string; mode?: number; content?: Buffer; type?: 'symlink'; linkTarget?: string };

function needed(file: string): string[] {
  const out = execFileSync('readelf', ['-d', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]!);
}

/** The shared libraries `files` load, transitively, as absolute host paths. */
function libraryClosure(files: readonly string[]): Set<string> {
  const found = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    for (const name of needed(queue.pop()!)) {
      const lib = LIBRARY_DIRS.map((d) => path.join(d, name)).find((p) => existsSync(p));
      if (!lib) throw new Error(`host library ${name} not found`);
      if (found.has(lib)) continue;
      found.add(lib);
      queue.push(realpathSync(lib));
    }
  }
  return found;
}

function fileEntry(hostPath: string, imagePath = hostPath): Entry {
  const real = realpathSync(hostPath);
  return { path: imagePath.replace(/^\/+/, ''), mode: lstatSync(real).mode & 0o777, content: readFileSync(real) };
}

/** Every file and symlink under a host folder (no __pycache__, no test suites). */
function tree(dir: string): Entry[] {
  const entries: Entry[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === '__pycache__' || name === 'test' || name === 'idlelib' || name === 'tkinter') continue;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) entries.push({ path: p.slice(1), type: 'symlink', linkTarget: readlinkSync(p) });
    else if (st.isDirectory()) entries.push(...tree(p));
    else if (st.isFile()) entries.push({ path: p.slice(1), mode: st.mode & 0o777, content: readFileSync(p) });
  }
  return entries;
}

async function imageOf(entries: Entry[], cmd: string[]): Promise<Image> {
  const unique = new Map(entries.map((e) => [e.path, e]));
  const layer = await layerFromEntries([...unique.values()].map((e) => (e.type === 'symlink' ? { path: e.path, type: 'symlink' as const, linkTarget: e.linkTarget! } : { path: e.path, mode: e.mode, content: e.content! })));
  const empty = imageFrom(
    { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: cmd } },
    [],
    MediaTypes.dockerManifest,
    MediaTypes.dockerConfig,
  );
  return appendLayers(empty, [{ layer, createdBy: 'host runtime (glibc) for tests' }]);
}

function withLibraries(binaries: readonly string[]): Entry[] {
  const glibc = GLIBC.map((name) => LIBRARY_DIRS.map((d) => path.join(d, name)).find((p) => existsSync(p))!);
  return [...[...libraryClosure(binaries)].map((lib) => fileEntry(lib)), ...glibc.map((lib) => fileEntry(lib)), fileEntry(LOADER)];
}

/** Debian's python3.11 with its standard library and the libraries of its extension modules. */
export async function hostPythonBaseImage(): Promise<Image> {
  const stdlib = '/usr/lib/python3.11';
  const dynload = readdirSync(path.join(stdlib, 'lib-dynload')).map((f) => path.join(stdlib, 'lib-dynload', f));
  return imageOf(
    [
      fileEntry('/usr/bin/python3.11'),
      { path: 'usr/bin/python3', type: 'symlink', linkTarget: 'python3.11' },
      { path: 'usr/bin/python', type: 'symlink', linkTarget: 'python3.11' },
      ...tree(stdlib),
      ...withLibraries(['/usr/bin/python3.11', ...dynload]),
    ],
    ['python3'],
  );
}

/** This machine's node binary with the glibc/libstdc++ it links. */
export async function hostNodeBaseImage(): Promise<Image> {
  return imageOf([fileEntry(process.execPath, '/usr/bin/node'), ...withLibraries([process.execPath])], ['node']);
}
