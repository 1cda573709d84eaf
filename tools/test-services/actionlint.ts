import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the pinned actionlint (installed by tools/services/install-actionlint.sh when missing) on a workflow; returns its findings ('' when clean). */
export function actionlint(workflowFile: string): string {
  execFileSync('bash', [join(root, 'tools/services/install-actionlint.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const r = spawnSync(join(root, '.tmp/tools/bin/actionlint'), ['-no-color', '-oneline', workflowFile], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed (exit ${r.status}): ${r.stderr}`);
  return `${r.stdout}${r.stderr}`.trim();
}
