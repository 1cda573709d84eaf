/**
 * One call of an AWS JSON-protocol API (Kinesis, SQS, …) on a moto server, for clients the e2e
 * packages do not include; moto does not check signatures (the credential scope only names the
 * region and service).
 */
export async function motoJsonApi<T>(o: { endpoint: string; region: string; service: string; target: string; jsonVersion: '1.0' | '1.1'; body: unknown }): Promise<T> {
  const res = await fetch(`${o.endpoint}/`, {
    method: 'POST',
    headers: {
      'Content-Type': `application/x-amz-json-${o.jsonVersion}`,
      'X-Amz-Target': o.target,
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${o.region}/${o.service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(o.body),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${o.target}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}
