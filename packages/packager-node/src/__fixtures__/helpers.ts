// Test helpers: unpack a zip with core's reader and call its handler in a fresh `node`, the way
// the Lambda Node.js runtime does (module file + exported property name).
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { readZip } from '@nxstack/core';

const execFileAsync = promisify(execFile);

export const BASIC_WORKSPACE = path.join(__dirname, 'basic');

const created: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `nxs-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file (call from afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
}

export async function extractZip(zipFile: string, into: string): Promise<string[]> {
  const entries = await readZip(zipFile);
  for (const e of entries) {
    const target = path.join(into, e.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, e.content, { mode: e.mode });
  }
  return entries.map((e) => e.path);
}

/** Loads `<dir>/<module>.js|.mjs` in a new node process, calls the handler with `event`, returns stdout/stderr. */
export async function invokeHandler(dir: string, handler: string, event: unknown, nodeOptions: string[] = []): Promise<{ stdout: string; stderr: string }> {
  const dot = handler.lastIndexOf('.');
  const [moduleName, exportName] = [handler.slice(0, dot), handler.slice(dot + 1)];
  const script = `
    const fs = require('node:fs'); const path = require('node:path'); const url = require('node:url');
    const base = path.join(process.cwd(), ${JSON.stringify(moduleName)});
    const file = fs.existsSync(base + '.mjs') ? base + '.mjs' : base + '.js';
    import(url.pathToFileURL(file).href).then(async (mod) => {
      const fn = file.endsWith('.mjs') ? mod[${JSON.stringify(exportName)}] : mod.default[${JSON.stringify(exportName)}] ?? mod[${JSON.stringify(exportName)}];
      if (typeof fn !== 'function') throw new Error('handler ' + ${JSON.stringify(handler)} + ' is not a function');
      const result = await fn(${JSON.stringify(event)}, {});
      process.stdout.write(JSON.stringify(result));
    }).catch((e) => { process.stderr.write(String(e && e.stack)); process.exitCode = 1; });`;
  try {
    return await execFileAsync(process.execPath, [...nodeOptions, '-e', script], { cwd: dir });
  } catch (err) {
    const e = err as { stdout: string; stderr: string };
    return { stdout: e.stdout, stderr: e.stderr };
  }
}
