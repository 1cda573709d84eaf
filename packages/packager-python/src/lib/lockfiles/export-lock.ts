import { promises as fs } from 'node:fs';
import type { DependencySource } from '../dependency-source';
import type { MarkerEnvironment } from '../markers';
import { exportPipfileLock } from './pipfile-lock';
import { exportPoetryLock } from './poetry-lock';
import type { ExportedLock } from './pinned';
import { exportUvLock } from './uv-lock';

/**
 * Reads a pipenv/poetry/uv lock ourselves instead of running the tool: deterministic, needs only
 * pip on the machine, and installs exactly the pinned versions for the Lambda platform.
 */
export async function exportLock(source: DependencySource, env: MarkerEnvironment): Promise<ExportedLock> {
  const text = await fs.readFile(source.lockFile, 'utf8');
  switch (source.packageManager) {
    case 'pipenv':
      return exportPipfileLock(text, env, source.lockFile);
    case 'uv':
      return exportUvLock(text, env, source.lockFile);
    case 'poetry': {
      const pyproject = source.pyproject ? { file: source.pyproject, text: await fs.readFile(source.pyproject, 'utf8') } : undefined;
      return exportPoetryLock(text, env, source.lockFile, pyproject);
    }
    default:
      throw new Error(`exportLock: ${source.packageManager} has no lock file`);
  }
}
