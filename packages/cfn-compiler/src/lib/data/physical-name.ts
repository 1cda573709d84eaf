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

/** Longest AWS region name (`ap-southeast-5`) plus room for one more character. */
const REGION_ROOM = 15;
const ACCOUNT_ID_LENGTH = 12;

/**
 * `<project>-<stage>-<resource>-<account>-<region>` as an Fn::Sub text: the bucket's name is
 * known before deploy (no Ref of the bucket), so a function can hold its ARN while the bucket
 * notifies that function. Account and region keep the global S3 namespace from clashing across
 * accounts and regions; lowercase and `-` only, cut with a hash to fit S3's 63 characters.
 */
export function bucketNameSub(projectName: string, stage: string, resourceName: string): string {
  const room = 63 - 1 - ACCOUNT_ID_LENGTH - 1 - REGION_ROOM;
  const base = physicalName(projectName.toLowerCase(), stage.toLowerCase(), resourceName.toLowerCase(), room)
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+$/, '');
  return `${base}-\${AWS::AccountId}-\${AWS::Region}`;
}
