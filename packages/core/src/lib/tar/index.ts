export * from './tar-writer';
export * from './tar-reader';
