import { createHash } from 'node:crypto';

/**
 * `<project>-<stage>-<resource><suffix>` for services that need an explicit name (FIFO queues and
 * topics must end in `.fifo`): invalid characters become `-`, and a name over `max` is cut with
 * an 8-hex hash of the full name so it stays unique and stable.
 */
export function physicalName(projectName: string, stage: string, resourceName: string, max: number, suffix = ''): string {
  const full = `${projectName}-${stage}-${resourceName}`.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+/, '');
  const room = max - suffix.length;
  if (full.length <= room) return full + suffix;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, room - hash.length - 1)}-${hash}${suffix}`;
}
