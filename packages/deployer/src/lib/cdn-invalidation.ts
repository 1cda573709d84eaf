/**
 * After a deploy that changed the stack, every CDN whose cache the stack asks to flush
 * (`cdn.disableInvalidationAfterDeploy` not set; the compiler marks them with an Output ending in
 * CDN_INVALIDATION_OUTPUT_SUFFIX) gets an invalidation of `/*`, as Stacktape does, so viewers see
 * what was just deployed. The invalidation is started, not awaited (CloudFront takes minutes).
 */
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CDN_INVALIDATION_OUTPUT_SUFFIX } from '@nxstack/core';

export async function invalidateCdns(cloudfront: CloudFrontClient, outputs: Readonly<Record<string, string>>, callerReference: string, log: (line: string) => void): Promise<string[]> {
  const ids = Object.entries(outputs).filter(([key]) => key.endsWith(CDN_INVALIDATION_OUTPUT_SUFFIX)).map(([, id]) => id).sort();
  for (const id of ids) await invalidateDistribution(cloudfront, id, callerReference, log);
  return ids;
}

/** Starts an invalidation of `/*` on one distribution (not awaited: CloudFront takes minutes). */
export async function invalidateDistribution(cloudfront: CloudFrontClient, id: string, callerReference: string, log: (line: string) => void): Promise<void> {
  // The CloudFront SDK module loads only when a CDN is flushed: every deploy imports this file.
  const { CreateInvalidationCommand } = require('@aws-sdk/client-cloudfront') as typeof import('@aws-sdk/client-cloudfront');
  const got = await cloudfront.send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: `${callerReference}-${id}`, Paths: { Quantity: 1, Items: ['/*'] } } }));
  log(`CDN ${id}: cache invalidation ${got.Invalidation?.Id ?? ''} started for /*`);
}
