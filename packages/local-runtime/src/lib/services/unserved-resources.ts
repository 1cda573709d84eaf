import { cdnSettingsOf, edgeFunctionUses, NxstackError, type LoadedStack } from '@nxstack/core';

/** Throws NXS_NOT_SUPPORTED_YET at the first part of the stack `serve` would leave out (before anything starts). */
export function refuseUnservedResources(stack: LoadedStack): void {
  refuseHostingEdgeFunctions(stack);
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
