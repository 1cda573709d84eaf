// A custom-resource-definition's handler as Stacktape users write one: it answers CloudFormation's
// ResponseURL itself; its Data is what $ResourceParam('<instance>', '<key>') reads.
interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: { name: string; bucket: string };
}

/** A Delete is refused while the bucket holds `keep-me` (an unsigned HEAD to moto's S3: 404 when absent). */
async function blocker(bucket: string): Promise<string | undefined> {
  const res = await fetch(`${process.env.AWS_ENDPOINT_URL}/${bucket}/keep-me`, { method: 'HEAD' });
  return res.status === 404 ? undefined : `${bucket} still holds keep-me`;
}

export const handler = async (event: CustomResourceEvent) => {
  const { name, bucket } = event.ResourceProperties;
  const reason = event.RequestType === 'Delete' ? await blocker(bucket) : undefined;
  const body = {
    Status: reason ? 'FAILED' : 'SUCCESS',
    ...(reason ? { Reason: reason } : {}),
    PhysicalResourceId: event.PhysicalResourceId ?? `greeting-${name}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: { Greeting: `hello ${name} in ${bucket}` },
  };
  const res = await fetch(event.ResponseURL, { method: 'PUT', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`answering CloudFormation: HTTP ${res.status}`);
};
