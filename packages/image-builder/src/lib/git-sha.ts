/** The current git commit (for the image tag), or undefined outside a git repository. */
import { execFile } from 'node:child_process';

export function gitCommitSha(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd }, (err, stdout) => resolve(err ? undefined : /^[0-9a-f]{40}$/.test(stdout.trim()) ? stdout.trim() : undefined));
  });
}
