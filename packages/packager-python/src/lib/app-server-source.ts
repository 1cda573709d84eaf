import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PYTHON_APP_SERVER_DIR, PYTHON_APP_SERVER_REQUIREMENTS, type PythonAppServerKind } from '@nxstack/core';
import type { DependencySource } from './dependency-source';

/**
 * The runAppAs server as a dependency source: core's exact pins written as a requirements file
 * in the cache (its content is the layer's cache key), installed like any dependency set into
 * its own folder of the artifact.
 */
export async function appServerSource(kind: PythonAppServerKind, cacheDir: string): Promise<{ source: DependencySource; pins: readonly string[]; dir: string }> {
  const pins = PYTHON_APP_SERVER_REQUIREMENTS[kind];
  const lockFile = path.join(cacheDir, 'python-app-servers', kind.toLowerCase(), 'requirements.txt');
  const text = pins.join('\n') + '\n';
  if ((await fs.readFile(lockFile, 'utf8').catch(() => undefined)) !== text) {
    await fs.mkdir(path.dirname(lockFile), { recursive: true });
    const tmp = `${lockFile}.${process.pid}.tmp`;
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, lockFile);
  }
  return { source: { packageManager: 'pip', lockFile }, pins: pins.map((p) => p.split(';')[0]!.trim()), dir: PYTHON_APP_SERVER_DIR };
}
