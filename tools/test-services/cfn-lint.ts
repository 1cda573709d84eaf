import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the real cfn-lint on a template; resolves with its findings (empty when clean of errors). */
export function cfnLint(template: object | string): Promise<string> {
  const file = typeof template === 'string' ? template : join(mkdtempSync(join(tmpdir(), 'cfnlint-')), 'template.json');
  if (typeof template !== 'string') writeFileSync(file, JSON.stringify(template, null, 2));
  // Errors only (E*): warnings and informational findings do not fail a test.
  return new Promise((resolve, reject) => {
    execFile('cfn-lint', ['--format', 'parseable', '--include-checks', 'E', '--', file], (err, stdout, stderr) => {
      const findings = stdout.split('\n').filter((l) => /:E\d+:/.test(l) || /\bE\d{4}\b/.test(l)).join('\n');
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error('cfn-lint is not installed (tools/services/install.sh installs it)'));
      else if (err && !findings && (err as { code?: number }).code !== 0 && stderr) reject(new Error(`cfn-lint failed: ${stderr}`));
      else resolve(findings);
    });
  });
}
