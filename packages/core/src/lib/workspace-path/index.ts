export * from './inside-workspace';
