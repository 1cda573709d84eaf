import { bucketType } from './bucket';
import { deploymentScriptType } from './deployment-script';
import { functionType } from './function';
import { layerImageType } from './layer-image';
import { hostingBucketType } from './hosting-bucket';
import { customResourceDefinitionType, customResourceInstanceType } from './custom-resources';
import { webAppFirewallType } from './web-app-firewall';
import { edgeLambdaFunctionType } from './edge-lambda-function';
import type { ResourceTypeModule } from './resource-type';
import { DATA_TYPE_MODULES } from './data-types';
import { COMPUTE_TYPE_MODULES } from './compute-types';

/**
 * A module typed with its own properties, kept by type: the compiler hands a module only
 * resources of its `type`, whose properties are exactly that type's (core's discriminated union).
 */
const byType = <P>(m: ResourceTypeModule<P>) => m as unknown as ResourceTypeModule;

/** Every resource type the compiler knows; a new type is one module plus one line here. */
const MODULES: readonly ResourceTypeModule[] = [byType(functionType), layerImageType, bucketType, byType(deploymentScriptType), byType(hostingBucketType), byType(customResourceDefinitionType), byType(customResourceInstanceType), byType(webAppFirewallType), byType(edgeLambdaFunctionType), ...DATA_TYPE_MODULES, ...COMPUTE_TYPE_MODULES];

const BY_TYPE: ReadonlyMap<string, ResourceTypeModule> = new Map(MODULES.map((m) => [m.type, m]));

export function resourceTypeModule(type: string): ResourceTypeModule | undefined {
  return BY_TYPE.get(type);
}

export function supportedResourceTypes(): string[] {
  return [...BY_TYPE.keys()];
}

/**
 * The artifact names a resource needs packaged: none, its own name, or (multi-container
 * workloads) one `<workload>--<container>` per built image. The one rule synth and validate use.
 */
export function packagedUnits(name: string, config: { type: string; properties?: unknown }): string[] {
  const module = BY_TYPE.get(config.type);
  const properties = (config.properties ?? {}) as Record<string, unknown>;
  if (!module?.packaged || (typeof module.packaged === 'function' && !module.packaged(properties))) return [];
  return module.packagedUnits ? module.packagedUnits(name, properties) : [name];
}
