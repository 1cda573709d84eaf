import { S3Client } from '@aws-sdk/client-s3';

export const handler = async () => typeof new S3Client({ region: 'us-east-1' }).send;
