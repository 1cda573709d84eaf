/**
 * customDomains: the Route 53 hosted zone of each domain, looked up when deploy / diff / promote
 * plan an AWS stage, before the stage is opened (bootstrap) or anything is written. The zone is the
 * account's public zone with the longest name the domain ends in (`api.eu.example.com` → the
 * `eu.example.com` zone when there is one, else `example.com`), as Route 53 answers for it. A domain
 * without one fails here, located at its entry in stack.yml, instead of in CloudFormation.
 */
import { assertAwsCredentials, customDomainUses, domainNeedsHostedZone, isLocalStage, NxstackError, type LoadedStack } from '@nxstack/core';
import { createAwsClients, type AwsClients } from './aws-clients';
import type { Route53Api } from './route53-api';
import type { StageOptions } from './stage-target';

/** True when some domain of the stack needs its hosted zone (an alias record, or the certificate nxstack creates); never on the local stage. */
export function needsHostedZones(stack: LoadedStack, stage: string): boolean {
  return !isLocalStage(stage) && customDomainUses(stack.config.resources).some((u) => domainNeedsHostedZone(u.domain));
}

/**
 * The hosted zones of the stack's domains on an AWS stage, with the clients the stage is then
 * opened with (opts.clients, else new ones); undefined when no domain needs one. deploy / diff /
 * promote and publish call it before the stage is opened: bootstrap is a CloudFormation write.
 */
export async function hostedZonesFor(stack: LoadedStack, opts: Pick<StageOptions, 'stage' | 'region' | 'profile' | 'env' | 'clients'>): Promise<{ readonly clients: AwsClients; readonly ids: Map<string, string> } | undefined> {
  if (!needsHostedZones(stack, opts.stage)) return undefined;
  const clients = opts.clients ?? (await createAwsClients({ region: opts.region, profile: opts.profile, env: opts.env }));
  await assertAwsCredentials(() => clients.s3.config.credentials(), { stage: opts.stage, region: clients.region, profile: opts.profile });
  return { clients, ids: await lookUpHostedZones(clients.route53, stack) };
}

/** Domain name → hosted zone id (without `/hostedzone/`), for every domain that needs one. */
export async function lookUpHostedZones(route53: Route53Api, stack: LoadedStack): Promise<Map<string, string>> {
  const byZoneName = new Map<string, Promise<string | undefined>>();
  const zoneNamed = (name: string) => {
    if (!byZoneName.has(name)) byZoneName.set(name, publicZoneId(route53, name));
    return byZoneName.get(name)!;
  };
  const zones = new Map<string, string>();
  for (const use of customDomainUses(stack.config.resources)) {
    const domain = use.domain.domainName;
    if (!domainNeedsHostedZone(use.domain) || zones.has(domain)) continue;
    const candidates = zoneNameCandidates(domain);
    let id: string | undefined;
    for (const name of candidates) if ((id = await zoneNamed(name))) break;
    if (!id) {
      throw new NxstackError('NXS_HOSTED_ZONE_NOT_FOUND', `No public Route 53 hosted zone of this account holds ${domain} (looked for ${candidates.join(', ')}).`, {
        location: stack.locate([...use.path, 'domainName']),
        hint: `Create the zone (aws route53 create-hosted-zone --name ${candidates.at(-1)} --caller-reference $(date +%s)) and point your registrar's name servers at it. With DNS managed elsewhere, set disableDnsRecordCreation: true and customCertificateArn: then no zone is needed.`,
      });
    }
    zones.set(domain, id);
  }
  return zones;
}

/** `api.eu.example.com` → api.eu.example.com, eu.example.com, example.com (a zone is never a bare TLD); `*.x.com` starts at x.com. */
export function zoneNameCandidates(domain: string): string[] {
  const labels = domain.replace(/^\*\./, '').split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

async function publicZoneId(route53: Route53Api, name: string): Promise<string | undefined> {
  // Zones are listed in name order from DNSName on; those of exactly this name come first.
  const zone = (await route53.listHostedZonesByName(name)).find((z) => z.name === `${name}.` && !z.privateZone);
  return zone?.id;
}
