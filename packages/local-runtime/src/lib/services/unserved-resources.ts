import { cdnSettingsOf, edgeFunctionUses, NxstackError, type LoadedStack } from '@nxstack/core';

/** Resource types `serve` cannot run yet: serving the rest of the stack without them would look like it works. */
const NOT_SERVED = ['multi-container-workload', 'application-load-balancer', 'network-load-balancer'] as const;

/** Throws NXS_NOT_SUPPORTED_YET at the first resource `serve` would leave out (before anything starts). */
export function refuseUnservedResources(stack: LoadedStack): void {
  refuseHostingEdgeFunctions(stack);
  const found = Object.entries(stack.config.resources).find(([, r]) => (NOT_SERVED as readonly string[]).includes(r.type));
  if (!found) return;
  const [name, r] = found;
  throw new NxstackError('NXS_NOT_SUPPORTED_YET', `serve does not run ${r.type} '${name}' locally yet.`, {
    location: stack.locate(['resources', name, 'type']),
    hint: `deploy works for it (the local stage resolves its outputs); to run the stack's other endpoints with serve, keep the ${r.type} in a separate project's stack.yml for now.`,
  });
}

/** serve runs hosting buckets' routing but no Lambda@Edge: a site served without its edge functions would answer differently. */
function refuseHostingEdgeFunctions(stack: LoadedStack): void {
  for (const [name, r] of Object.entries(stack.config.resources)) {
    const settings = r.type === 'hosting-bucket' ? cdnSettingsOf(name, r) : undefined;
    const use = settings && edgeFunctionUses(settings)[0];
    if (!use) continue;
    throw new NxstackError('NXS_NOT_SUPPORTED_YET', `serve does not run edge functions locally yet (edgeFunctions.${use.trigger} '${use.name}' of hosting-bucket '${name}').`, {
      location: stack.locate(use.path),
      hint: 'deploy works for it (the local stage packages and records the edge function); run the site with its edge functions on an AWS stage.',
    });
  }
}
