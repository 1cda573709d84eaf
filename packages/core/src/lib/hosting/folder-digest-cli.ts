/**
 * `node folder-digest-cli.js --dotenv <folder>` digests only the folder's own `.env*` files: an
 * input of build--<hosting bucket>, whose build tool reads them (git-ignored `.env.local` too).
 *
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

function dotenvDigestOf(dir: string): string {
  const hash = createHash('sha256');
  const names = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(dir).filter((n) => n.startsWith('.env')).sort() : [];
  for (const name of names) if (statSync(path.join(dir, name)).isFile()) hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
  return hash.digest('hex');
}

if (require.main === module) {
  const dotenv = process.argv[2] === '--dotenv';
  const dir = path.resolve(process.argv[dotenv ? 3 : 2] ?? '.');
  process.stdout.write(dotenv ? `nxstack-dotenv ${dotenvDigestOf(dir)}\n` : `nxstack-hosting-folder ${digestOf(dir)}\n`);
}
