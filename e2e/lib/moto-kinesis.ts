/**
 * DescribeStream against the local AWS server (moto) through its JSON API: the e2e packages do
 * not include the Kinesis SDK client, and moto does not check signatures (the credential scope
 * only names the region).
 */
export async function describeKinesisStream(port: number, name: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'Kinesis_20131202.DescribeStreamSummary',
      Authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/local/kinesis/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ StreamName: name }),
  });
  const body = (await res.json()) as { StreamDescriptionSummary?: Record<string, unknown> };
  if (!res.ok || !body.StreamDescriptionSummary) throw new Error(`DescribeStreamSummary ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.StreamDescriptionSummary;
}
