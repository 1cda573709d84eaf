/**
 * The local stage's data resources: the compiled template's buckets, tables, queues, topics
 * (with their subscriptions) and event buses are created in the workspace's local AWS server
 * (moto, @nxstack/local-runtime) under the names the local stage computes, so the `STP_*`
 * values and outputs are real names there.
 */
import { LOCAL_ACCOUNT } from '@nxstack/core';
import { deployLocalDataResources, LOCAL_DATA_RESOURCE_TYPES, type LocalDataResource } from '@nxstack/local-runtime';
import { localIntrinsics, type LocalResource } from './local-outputs';
import { localResourceValues } from './local-resource-values';

type Template = Record<string, any>;

const isIntrinsic = (v: Record<string, unknown>) => {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
};

/** The template's data resources with their properties resolved to local values (scalars kept as they are). */
export function localDataResources(template: Template, resources: readonly LocalResource[], stackName: string): LocalDataResource[] {
  const resolveIntrinsic = localIntrinsics(template, resources, stackName);
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return isIntrinsic(o) ? resolveIntrinsic(o) : Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return Object.entries<Record<string, any>>(template.Resources ?? {})
    .filter(([, r]) => LOCAL_DATA_RESOURCE_TYPES.includes(String(r.Type)))
    // moto would try to run the function itself: SNS → function delivery is not emulated locally.
    .filter(([, r]) => !(r.Type === 'AWS::SNS::Subscription' && r.Properties?.Protocol === 'lambda'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([logicalId, r]) => ({
      logicalId,
      type: String(r.Type),
      name: localResourceValues(logicalId, String(r.Type), (r.Properties ?? {}) as Record<string, unknown>, stackName).name,
      properties: resolve(r.Properties ?? {}) as Record<string, unknown>,
    }));
}

/**
 * Deploys the data resources into the local AWS server and returns `resources` with the values
 * only the server knows (a queue's URL carries the server's address).
 */
export async function deployLocalDataPlane(o: { workspaceRoot: string; stackName: string; template: Template; resources: readonly LocalResource[]; log?: (line: string) => void }): Promise<LocalResource[]> {
  const data = localDataResources(o.template, o.resources, o.stackName);
  const result = await deployLocalDataResources({ workspaceRoot: o.workspaceRoot, stackName: o.stackName, resources: data, log: o.log });
  if (!result) return [...o.resources];
  const changed = [result.created.length && `created ${result.created.join(', ')}`, result.removed.length && `removed ${result.removed.join(', ')}`].filter(Boolean).join('; ');
  o.log?.(`local AWS (moto) at ${result.endpoint}: ${changed || 'data resources unchanged'}`);
  const queues = new Map(data.filter((d) => d.type === 'AWS::SQS::Queue').map((d) => [d.logicalId, `${result.endpoint}/${LOCAL_ACCOUNT}/${d.name}`]));
  return o.resources.map((r) => {
    const url = queues.get(r.logicalId);
    return url ? { ...r, physicalId: url, attributes: { ...r.attributes, ...(r.attributes.QueueUrl ? { QueueUrl: url } : {}) } } : r;
  });
}
