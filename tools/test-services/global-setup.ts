// Starts the real services the tests talk to, once per test run, and stops them by pid after.
// A service that cannot start fails the run: tests never skip for a missing service.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMoto, stopMoto } from './moto';

const stateDir = join(__dirname, '..', '..', '.tmp', 'services');

export default function setup(project: TestProject) {
  mkdirSync(stateDir, { recursive: true });
  const motoEndpoint = startMoto(stateDir);
  project.provide('motoEndpoint', motoEndpoint);
  return () => {
    stopMoto(stateDir);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}
