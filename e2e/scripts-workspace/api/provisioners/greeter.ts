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

export const handler = async (event: CustomResourceEvent) => {
  const { name, bucket } = event.ResourceProperties;
  const body = {
    Status: 'SUCCESS',
    PhysicalResourceId: event.PhysicalResourceId ?? `greeting-${name}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: { Greeting: `hello ${name} in ${bucket}` },
  };
  const res = await fetch(event.ResponseURL, { method: 'PUT', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`answering CloudFormation: HTTP ${res.status}`);
};
