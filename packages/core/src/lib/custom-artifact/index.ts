export * from './package-custom-artifact';
