import { processedKey } from '@acme/shared';

interface S3Event {
  Records?: Array<{ s3: { object: { key: string } } }>;
}

/** Names where each uploaded object's processed copy goes (in the bucket it came from). */
export const handler = async (event: S3Event) => ({
  bucket: process.env.STP_UPLOADS_NAME,
  keys: (event.Records ?? []).map((r) => processedKey(r.s3.object.key)),
});
