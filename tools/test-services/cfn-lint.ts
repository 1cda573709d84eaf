import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Schemas of the third-party resource types nxstack emits (registry-schemas/README.md): cfn-lint checks those resources too. */
export const REGISTRY_SCHEMAS = join(__dirname, 'registry-schemas');

/** Runs the real cfn-lint on a template; resolves with its findings (empty when clean of errors). */
export function cfnLint(template: object | string): Promise<string> {
  const file = typeof template === 'string' ? template : join(mkdtempSync(join(tmpdir(), 'cfnlint-')), 'template.json');
  if (typeof template !== 'string') writeFileSync(file, JSON.stringify(template, null, 2));
  // Errors only (E*): warnings and informational findings do not fail a test.
  return new Promise((resolve, reject) => {
    // cfn-lint-registry.py: cfn-lint with its --registry-schemas applied to properties too (see the file).
    execFile('python3', [join(__dirname, 'cfn-lint-registry.py'), '--format', 'parseable', '--include-checks', 'E', '--registry-schemas', REGISTRY_SCHEMAS, '--', file], (err, stdout, stderr) => {
      const findings = stdout.split('\n').filter((l) => /:E\d+:/.test(l) || /\bE\d{4}\b/.test(l)).join('\n');
      if (err && /No module named .?cfnlint/.test(stderr)) reject(new Error('cfn-lint is not installed (tools/services/install.sh installs it)'));
      else if (err && !findings && (err as { code?: number }).code !== 0 && stderr) reject(new Error(`cfn-lint failed: ${stderr}`));
      else resolve(findings);
    });
  });
}
