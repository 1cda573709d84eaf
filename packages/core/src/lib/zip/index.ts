export * from './hash';
export * from './list-files';
export * from './zip-writer';
export * from './zip-directory';
export * from './zip-reader';
export * from './zip-merge';
