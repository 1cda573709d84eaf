/**
 * `providerConfig` (Stacktape's `MongoDbAtlasProvider` / `UpstashProvider`, types/stacktape-config/
 * providers.d.ts): credentials for third-party services. `mongoDbAtlas` configures the stack's
 * mongo-db-atlas-cluster resources (cfn-compiler resource-types/mongo-db-atlas-cluster.ts reads it);
 * `upstash` is accepted so a Stacktape config parses and refused by checkProviderConfig: nxstack
 * has no Upstash integration, and accepting credentials it never uses would be accept-and-ignore.
 */
import { z } from 'zod';
import { NxstackError } from '../errors';
import { stringOrDirective } from './common-schemas';
import type { YamlSource } from './yaml-source';

export const providerConfigSchema = z.strictObject({
  mongoDbAtlas: z
    .strictObject({
      publicKey: stringOrDirective.optional(),
      /** Must be `$Secret(...)` on AWS stages: the template carries a dynamic reference only. */
      privateKey: stringOrDirective.optional(),
      organizationId: stringOrDirective.optional(),
      accessibility: z
        .strictObject({
          accessibilityMode: z.enum(['internet', 'vpc', 'scoping-workloads-in-vpc', 'whitelisted-ips-only']),
          whitelistedIps: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  upstash: z.strictObject({ accountEmail: z.string().min(1), apiKey: stringOrDirective }).optional(),
});

export type ProviderConfig = z.output<typeof providerConfigSchema>;

/** Atlas access modes that need a VPC peering between the Atlas project and the stack's VPC. */
const PEERED_MODES = ['vpc', 'scoping-workloads-in-vpc'];

/** Located errors for what nxstack does not honour: Upstash, and Atlas access through VPC peering. */
export function checkProviderConfig(providerConfig: ProviderConfig | undefined, source: YamlSource): NxstackError[] {
  const problems: NxstackError[] = [];
  if (providerConfig?.upstash !== undefined) {
    problems.push(
      new NxstackError('NXS_PROVIDER_UNSUPPORTED', 'providerConfig.upstash is not supported yet: nxstack has no Upstash integration', {
        location: source.locateKey(['providerConfig', 'upstash']),
        hint: 'providerConfig.upstash configures upstash-redis and upstash-kafka resources, which nxstack does not deploy; remove it (and those resources) to deploy this stack.',
      }),
    );
  }
  const mode = providerConfig?.mongoDbAtlas?.accessibility?.accessibilityMode;
  if (mode && PEERED_MODES.includes(mode)) {
    problems.push(
      new NxstackError('NXS_NOT_SUPPORTED_YET', `providerConfig.mongoDbAtlas.accessibility.accessibilityMode '${mode}' is not supported yet`, {
        location: source.locate(['providerConfig', 'mongoDbAtlas', 'accessibility', 'accessibilityMode']),
        hint: "It needs a VPC peering between the Atlas project and the stack's VPC, which nxstack does not create yet. Use 'internet' (credentials and IAM still required) or 'whitelisted-ips-only' with whitelistedIps.",
      }),
    );
  }
  return problems;
}
