import { defineConfig } from 'vitest/config';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Tests import sibling packages from source, so they need no build step.
const alias = Object.fromEntries(
  readdirSync(resolve(import.meta.dirname, 'packages')).map((name) => [`@nxstack/${name}`, resolve(import.meta.dirname, 'packages', name, 'src', 'index.ts')]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tools/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['tools/test-services/global-setup.ts'],
  },
});
