/**
 * Route 53 in the test moto, for tests that need hosted zones and read records back (the SDK's
 * Route 53 client is not installable here, see packages/deployer/src/lib/route53-api.ts). moto
 * does not check signatures; it picks the service (and account) from the Authorization header.
 */
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0';
const API = '2013-04-01';

const text = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

async function call(endpoint: string, method: string, path: string, body?: string): Promise<string> {
  const response = await fetch(`${endpoint}/${API}/${path}`, { method, body, headers: { authorization: AUTHORIZATION, ...(body ? { 'content-type': 'application/xml' } : {}) } });
  const answer = await response.text();
  if (!response.ok) throw new Error(`moto Route 53 ${method} ${path}: HTTP ${response.status} ${answer}`);
  return answer;
}

/** Creates a hosted zone (private ones in a made-up VPC); returns its id without `/hostedzone/`. */
export async function createHostedZone(endpoint: string, name: string, opts: { privateZone?: boolean } = {}): Promise<string> {
  const vpc = opts.privateZone ? '<HostedZoneConfig><PrivateZone>true</PrivateZone></HostedZoneConfig><VPC><VPCRegion>us-east-1</VPCRegion><VPCId>vpc-12345678</VPCId></VPC>' : '';
  const xml = await call(endpoint, 'POST', 'hostedzone', `<?xml version="1.0" encoding="UTF-8"?><CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/${API}/"><Name>${name}</Name><CallerReference>${name}-${Date.now()}-${Math.random()}</CallerReference>${vpc}</CreateHostedZoneRequest>`);
  return (text(xml, 'Id') ?? '').replace(/^\/hostedzone\//, '');
}

export interface RecordSummary {
  /** Without the trailing dot. */
  readonly name: string;
  readonly type: string;
  /** An alias record's target, without the trailing dot. */
  readonly aliasTarget?: string;
}

export async function listRecords(endpoint: string, zoneId: string): Promise<RecordSummary[]> {
  const xml = await call(endpoint, 'GET', `hostedzone/${zoneId}/rrset`);
  return [...xml.matchAll(/<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/g)].map(([, r]) => {
    const alias = /<AliasTarget>([\s\S]*?)<\/AliasTarget>/.exec(r)?.[1];
    return { name: (text(r, 'Name') ?? '').replace(/\.$/, ''), type: text(r, 'Type') ?? '', ...(alias ? { aliasTarget: (text(alias, 'DNSName') ?? '').replace(/\.$/, '') } : {}) };
  });
}

/** Creates or replaces a plain record (`value` its one resource record), as a record the user keeps elsewhere. */
export async function upsertRecord(endpoint: string, zoneId: string, record: { name: string; type: string; value: string }): Promise<void> {
  const change = `<Change><Action>UPSERT</Action><ResourceRecordSet><Name>${record.name}</Name><Type>${record.type}</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>${record.value}</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>`;
  await call(endpoint, 'POST', `hostedzone/${zoneId}/rrset`, `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/${API}/"><ChangeBatch><Changes>${change}</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`);
}
