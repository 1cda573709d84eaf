/**
 * `node folder-digest-cli.js <folder>` prints a digest of every file path and content under the
 * folder ("missing" when there is none). The plugin hashes its output as a `runtime` input of
 * package--<hosting bucket>: Nx's file inputs skip git-ignored files, and a site's build folder
 * (dist/) usually is one, so a file input alone would restore a stale package from the cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function digestOf(dir: string): string {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return 'missing';
  const hash = createHash('sha256');
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const p = path.join(rel, name);
      const stat = statSync(path.join(dir, p));
      if (stat.isDirectory()) walk(p);
      else if (stat.isFile()) hash.update(`${p.split(path.sep).join('/')}\0`).update(readFileSync(path.join(dir, p))).update('\0');
    }
  };
  walk('');
  return hash.digest('hex');
}

if (require.main === module) process.stdout.write(`nxstack-hosting-folder ${digestOf(path.resolve(process.argv[2] ?? '.'))}\n`);
