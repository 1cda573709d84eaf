import { defineConfig } from 'vitest/config';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Tests import sibling packages from source, so they need no build step.
const alias = Object.fromEntries(
  readdirSync(resolve(import.meta.dirname, 'packages')).map((name) => [`@nxstack/${name}`, resolve(import.meta.dirname, 'packages', name, 'src', 'index.ts')]),
);

const shared = { testTimeout: 120_000, hookTimeout: 300_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    // The root's global setup runs once and its provided services reach both projects.
    globalSetup: ['tools/test-services/global-setup.ts'],
    projects: [
      // Unit files are independent: two at a time on CI's two cores.
      { resolve: { alias }, test: { ...shared, name: 'unit', include: ['packages/*/src/**/*.test.ts', 'tools/**/*.test.ts'], maxWorkers: 2 } },
      // e2e files drive whole nx runs that use both cores themselves: one at a time, after the unit files.
      { resolve: { alias }, test: { ...shared, name: 'e2e', include: ['e2e/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
