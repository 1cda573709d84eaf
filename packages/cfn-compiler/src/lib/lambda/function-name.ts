import { createHash } from 'node:crypto';

const MAX_FUNCTION_NAME = 64;

/**
 * Physical Lambda name `<project>-<stage>-<resource>`: characters Lambda refuses become `-`,
 * and a name over 64 characters is cut with an 8-hex hash of the full name appended, so it
 * stays unique and the same on every compile.
 */
export function lambdaFunctionName(projectName: string, stage: string, resourceName: string): string {
  const full = `${projectName}-${stage}-${resourceName}`.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+/, '');
  if (full.length <= MAX_FUNCTION_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_FUNCTION_NAME - hash.length - 1)}-${hash}`;
}
