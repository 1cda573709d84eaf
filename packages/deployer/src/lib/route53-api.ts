/**
 * The one Route 53 call nxstack makes (ListHostedZonesByName, for customDomains' hosted zones),
 * signed with SigV4 by the SDK's own signer. The registries this project installs from do not
 * carry the SDK's Route 53 client, and one read-only REST call does not need it. Endpoint:
 * `AWS_ENDPOINT_URL_ROUTE_53` / `AWS_ENDPOINT_URL` (moto, LocalStack), else Route 53's global one.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { endpointFor, NxstackError } from '@nxstack/core';

export interface HostedZoneSummary {
  /** Without the `/hostedzone/` prefix. */
  readonly id: string;
  /** With the trailing dot, as Route 53 names zones (`example.com.`). */
  readonly name: string;
  readonly privateZone: boolean;
}

export interface Route53Api {
  /** Zones in name order from `dnsName` on (at most 10), as Route 53 lists them. */
  listHostedZonesByName(dnsName: string): Promise<HostedZoneSummary[]>;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The SHA-256 (and HMAC) SigV4 needs, from node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret?: string | Uint8Array;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined || typeof secret === 'string' ? secret : secret instanceof ArrayBuffer ? new Uint8Array(secret) : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const ROUTE53_ENDPOINT = 'https://route53.amazonaws.com';
/** Route 53 is global; requests are signed for us-east-1. */
const SIGNING_REGION = 'us-east-1';

export function createRoute53Api(opts: { readonly env: Readonly<Record<string, string | undefined>>; readonly credentials: () => Promise<Credentials> }): Route53Api {
  const endpoint = new URL(endpointFor('ROUTE_53', opts.env) ?? ROUTE53_ENDPOINT);
  const signer = new SignatureV4({ credentials: opts.credentials, region: SIGNING_REGION, service: 'route53', sha256: NodeSha256 });
  return {
    async listHostedZonesByName(dnsName) {
      const path = `${endpoint.pathname.replace(/\/$/, '')}/2013-04-01/hostedzonesbyname`;
      const query = { dnsname: dnsName, maxitems: '10' };
      const signed = await signer.sign({ method: 'GET', protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port ? Number(endpoint.port) : undefined, path, query, headers: { host: endpoint.host } });
      const response = await fetch(`${endpoint.origin}${path}?${new URLSearchParams(query)}`, { headers: signed.headers }).catch((e: unknown) => {
        throw new NxstackError('NXS_ROUTE53_FAILED', `Route 53 (${endpoint.origin}) did not answer: ${(e as Error).message}.`, { hint: 'Check the network, or AWS_ENDPOINT_URL_ROUTE_53 / AWS_ENDPOINT_URL when one is set.' });
      });
      const body = await response.text();
      if (!response.ok) {
        throw new NxstackError('NXS_ROUTE53_FAILED', `Route 53 ListHostedZonesByName(${dnsName}) failed: HTTP ${response.status} ${xmlText(body, 'Code')}: ${xmlText(body, 'Message')}`, {
          hint: 'deploy and publish need route53:ListHostedZonesByName to find the hosted zones of customDomains.',
        });
      }
      return [...body.matchAll(/<HostedZone>([\s\S]*?)<\/HostedZone>/g)].map(([, zone]) => ({
        id: xmlText(zone, 'Id').replace(/^\/hostedzone\//, ''),
        name: xmlText(zone, 'Name'),
        privateZone: xmlText(zone, 'PrivateZone') === 'true',
      }));
    },
  };
}

/** Text of the first `<tag>` in a fragment of Route 53's XML (plain values: ids, names, booleans). */
function xmlText(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return (m?.[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
