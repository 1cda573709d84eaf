export * from './package-custom-artifact';
export * from './executor-options';
