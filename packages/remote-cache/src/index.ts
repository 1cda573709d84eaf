// Public API of @nxstack/remote-cache: the server behind the `nxstack-cache` command.
export * from './lib/cli';
export * from './lib/server';
export * from './lib/storage';
export * from './lib/dir-storage';
export * from './lib/s3-storage';
export * from './lib/create-storage';
export * from './lib/options';
export * from './lib/tokens';
