import { motoJsonApi } from './moto-json-api';

/** DescribeStreamSummary against the local AWS server (moto): the e2e packages do not include the Kinesis SDK client. */
export async function describeKinesisStream(port: number, name: string): Promise<Record<string, unknown>> {
  const body = await motoJsonApi<{ StreamDescriptionSummary?: Record<string, unknown> }>({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    service: 'kinesis',
    target: 'Kinesis_20131202.DescribeStreamSummary',
    jsonVersion: '1.1',
    body: { StreamName: name },
  });
  if (!body.StreamDescriptionSummary) throw new Error(`DescribeStreamSummary ${name}: ${JSON.stringify(body)}`);
  return body.StreamDescriptionSummary;
}
