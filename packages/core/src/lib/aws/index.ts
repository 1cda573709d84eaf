// AWS SDK v3 client configuration shared by every package that talks to AWS.
export * from './client-config';
export * from './region';
export * from './credentials-check';
export * from './caller-account';
export * from './endpoint';
