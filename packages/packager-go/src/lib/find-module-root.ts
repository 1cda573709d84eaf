import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Nearest folder at or above `startDir` holding go.mod, or undefined. */
export function findGoModuleRoot(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'go.mod'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
