import { isLambdaResourceType } from '@nxstack/core';
import type { StackResource } from '../types';
import { physicalName } from '../data/physical-name';
import { workloadIds } from '../ecs/container-workload';
import { batchJobIds } from '../resource-types/batch-job';
import { lambdaIds } from '../lambda/lambda-resources';
import { logicalId } from '../logical-ids';

/** Atlas cluster names: ASCII letters, digits and hyphens, at most 64 characters. */
export function atlasClusterName(projectName: string, stage: string, resourceName: string): string {
  return physicalName(projectName, stage, resourceName, 64).replace(/_/g, '-');
}

/** Atlas spells AWS regions in upper snake case (`eu-west-1` → `EU_WEST_1`). */
export const atlasRegionName = (region: string) => region.toUpperCase().replace(/-/g, '_');

/** AWS regions Atlas offers its smallest (shared, now Flex) clusters in (Stacktape's list). */
const FLEX_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ap-northeast-1', 'me-south-1'];

/** The stack's region when Atlas offers Flex there, else one on the same continent, else us-east-1. */
export function flexRegionFor(region: string): string {
  if (region === 'local' || FLEX_REGIONS.includes(region)) return region;
  const continent = region.split('-')[0];
  return FLEX_REGIONS.find((r) => r.startsWith(`${continent}-`)) ?? 'us-east-1';
}

/**
 * The IAM role of each compute type that can connectTo a cluster (Lambda execution role, ECS/Batch
 * task role) and the resource that must wait for the role's database user (it runs the code).
 */
function roleOf(name: string, type: string): { roleId: string; runnerId: string } | undefined {
  if (isLambdaResourceType(type)) return { roleId: lambdaIds(name).role, runnerId: lambdaIds(name).fn };
  if (['web-service', 'private-service', 'worker-service'].includes(type)) return { roleId: workloadIds(name).taskRole, runnerId: workloadIds(name).service };
  if (type === 'batch-job') return { roleId: batchJobIds(name).taskRole, runnerId: batchJobIds(name).jobDefinition };
  return undefined;
}

export interface WorkloadAtlasUser {
  readonly logicalId: string;
  readonly roleId: string;
  /** The function, ECS service or job definition that runs the workload: it depends on the user. */
  readonly runnerId: string;
  /** Every Atlas cluster the workload connects to, in connectTo order: one user scoped to all. */
  readonly clusters: readonly string[];
}

/**
 * The Atlas database users of the workloads that connect to `cluster`: one per workload (Atlas
 * keys a user by its name, the role ARN), so a workload connected to two clusters gets one user
 * scoped to both.
 */
export function workloadAtlasUsers(resources: Readonly<Record<string, StackResource>>, cluster: string): WorkloadAtlasUser[] {
  const users: WorkloadAtlasUser[] = [];
  for (const [name, resource] of Object.entries(resources)) {
    const connectTo = ((resource.properties as { connectTo?: unknown } | undefined)?.connectTo ?? []) as unknown[];
    const role = roleOf(name, resource.type);
    if (!role || !connectTo.includes(cluster)) continue;
    const clusters = connectTo.filter((t): t is string => typeof t === 'string' && resources[t]?.type === 'mongo-db-atlas-cluster');
    users.push({ logicalId: logicalId(name, 'AtlasUser'), ...role, clusters });
  }
  return users;
}
