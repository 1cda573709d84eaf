export * from './lambda-resource';
export * from './run-tool';
export * from './buildpack-options';
export * from './write-lambda-artifact';
export * from './lambda-defaults';
export * from './jdk-select';
