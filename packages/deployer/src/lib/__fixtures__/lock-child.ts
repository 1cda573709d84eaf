/**
 * Child process for the cross-process lock tests (bundled with esbuild by the test, then forked).
 * argv[2] = mode: `critical` (log enter/leave around a sleep inside the lock) or `bootstrap`
 * (ensureBootstrap against the endpoint in the environment). Prints one JSON result line.
 */
import { promises as fs } from 'node:fs';
import { createAwsClients } from '../aws-clients';
import { ensureBootstrap } from '../bootstrap';
import { withFileLock } from '../file-lock';

async function main(): Promise<unknown> {
  const [mode, lockFile, arg] = process.argv.slice(2);
  if (mode === 'critical') {
    return withFileLock(lockFile, async () => {
      await fs.appendFile(arg, `enter ${process.pid}\n`);
      await new Promise((r) => setTimeout(r, 150));
      await fs.appendFile(arg, `leave ${process.pid}\n`);
      return { pid: process.pid };
    });
  }
  if (mode === 'hold-and-die') {
    // Takes the lock and exits without releasing it (a crashed task).
    await withFileLock(lockFile, async () => process.exit(0));
  }
  const clients = await createAwsClients({ env: process.env });
  return ensureBootstrap({ stage: arg, region: clients.region, cloudformation: clients.cloudformation, sts: clients.sts, pollIntervalMs: 50, lockFile });
}

main().then(
  (result) => process.stdout.write(JSON.stringify({ ok: true, result }) + '\n'),
  (e) => {
    process.stdout.write(JSON.stringify({ ok: false, code: e.code, message: String(e.message) }) + '\n');
    process.exitCode = 1;
  },
);
