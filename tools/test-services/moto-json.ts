/**
 * A call to moto's JSON APIs (Kinesis, cognito-idp, ...) without the service's SDK client, which
 * the e2e packages do not include; moto does not check signatures (the credential scope only
 * names the region, and moto's server picks the service from it).
 */
export async function motoJson<T>(at: { endpoint: string; region: string; service: string }, target: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${at.endpoint.replace(/\/$/, '')}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      Authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${at.region}/${at.service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${target}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}
