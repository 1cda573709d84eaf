import { motoJson } from '../../tools/test-services/moto-json';

/** DescribeStreamSummary against the local AWS server (moto). */
export async function describeKinesisStream(port: number, name: string): Promise<Record<string, unknown>> {
  const body = await motoJson<{ StreamDescriptionSummary?: Record<string, unknown> }>({ endpoint: `http://127.0.0.1:${port}`, region: 'local', service: 'kinesis' }, 'Kinesis_20131202.DescribeStreamSummary', { StreamName: name });
  if (!body.StreamDescriptionSummary) throw new Error(`DescribeStreamSummary ${name}: ${JSON.stringify(body)}`);
  return body.StreamDescriptionSummary;
}
