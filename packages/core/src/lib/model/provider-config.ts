/**
 * `providerConfig` (Stacktape's `MongoDbAtlasProvider` / `UpstashProvider`, types/stacktape-config/
 * providers.d.ts): credentials for third-party services. The shape is accepted so a Stacktape
 * config parses, and each provider set is refused by checkProviderConfig: nxstack has no MongoDB
 * Atlas or Upstash integration, and accepting credentials it never uses would be accept-and-ignore.
 */
import { z } from 'zod';
import { NxstackError } from '../errors';
import { stringOrDirective } from './common-schemas';
import type { YamlSource } from './yaml-source';

export const providerConfigSchema = z.strictObject({
  mongoDbAtlas: z
    .strictObject({
      publicKey: stringOrDirective.optional(),
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

const PROVIDER_USES: Record<keyof ProviderConfig, string> = {
  mongoDbAtlas: 'mongo-db-atlas-cluster resources',
  upstash: 'upstash-redis and upstash-kafka resources',
};

/** One located error per provider given: none is honoured yet. */
export function checkProviderConfig(providerConfig: ProviderConfig | undefined, source: YamlSource): NxstackError[] {
  if (!providerConfig) return [];
  return (Object.keys(providerConfig) as Array<keyof ProviderConfig>)
    .filter((key) => providerConfig[key] !== undefined)
    .map(
      (key) =>
        new NxstackError('NXS_PROVIDER_UNSUPPORTED', `providerConfig.${key} is not supported yet: nxstack has no ${key === 'mongoDbAtlas' ? 'MongoDB Atlas' : 'Upstash'} integration`, {
          location: source.locateKey(['providerConfig', key]),
          hint: `providerConfig.${key} configures ${PROVIDER_USES[key]}, which nxstack does not deploy; remove it (and those resources) to deploy this stack.`,
        }),
    );
}
