export * from './content-types';
export * from './hosting-headers';
export * from './hosting-routing';
export * from './package-hosting-files';
export * from './hosting-resource';
export * from './hosting-command';
