import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_REGION } from '@nxstack/core';
import type { StageTarget } from '../stage-target';

/** The stage's S3 client; on the local stage one for the local AWS server (moto) holding the stack's buckets. */
export async function hostingS3Client(o: { workspaceRoot: string; stackName: string; target: StageTarget; log: (line: string) => void }): Promise<S3Client> {
  if (o.target.kind === 'aws' && o.target.clients) return o.target.clients.s3;
  const { ensureLocalDataResources } = await import('@nxstack/local-runtime');
  const endpoint = await ensureLocalDataResources({ workspaceRoot: o.workspaceRoot, stackName: o.stackName, log: o.log });
  if (!endpoint) throw new Error(`the local stage holds no bucket of ${o.stackName}`);
  return new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}
