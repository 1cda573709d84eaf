/**
 * Decides whether uploads go through S3 Transfer Acceleration: only when the stack asks for it
 * (deploymentConfig.useS3TransferAcceleration), the bucket has it enabled and no custom endpoint
 * is configured (emulators such as moto do not serve the accelerate endpoint).
 */
import { GetBucketAccelerateConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';

export interface AccelerationInput {
  readonly requested: boolean;
  readonly customEndpoint: boolean;
  readonly client: S3Client;
  readonly bucket: string;
  readonly log: (line: string) => void;
}

export async function resolveTransferAcceleration(input: AccelerationInput): Promise<boolean> {
  if (!input.requested) return false;
  if (input.customEndpoint) {
    input.log('S3 transfer acceleration: off (a custom S3 endpoint is set through AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3)');
    return false;
  }
  // Accelerated addressing is virtual-hosted: bucket names with dots cannot use it.
  if (input.bucket.includes('.')) return false;
  try {
    const res = await input.client.send(new GetBucketAccelerateConfigurationCommand({ Bucket: input.bucket }));
    if (res.Status === 'Enabled') {
      input.log(`S3 transfer acceleration: on for ${input.bucket}`);
      return true;
    }
    input.log(`S3 transfer acceleration: off (not enabled on bucket ${input.bucket})`);
  } catch {
    input.log(`S3 transfer acceleration: off (could not read the accelerate configuration of ${input.bucket})`);
  }
  return false;
}
