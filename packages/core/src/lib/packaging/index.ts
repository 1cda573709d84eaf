export * from './lambda-resource';
export * from './run-tool';
export * from './buildpack-options';
export * from './write-lambda-artifact';
export * from './jdk-select';
export * from './python-dependency-files';
export * from './provision-python-packages';
export * from './python-app-servers';
