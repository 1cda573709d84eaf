import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStack } from '@nxstack/core';
import { startLocalWorkloads } from './local-workloads';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-workloads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const workload = (name: string, port: number) => [
  `  ${name}:`,
  '    type: multi-container-workload',
  '    properties:',
  '      resources: { cpu: 0.25, memory: 512 }',
  '      containers:',
  '        - name: main',
  '          packaging: { type: custom-dockerfile, properties: { buildContextPath: img } }',
  '          events:',
  `            - { type: workload-internal, properties: { containerPort: ${port} } }`,
];

async function start(stackYml: string) {
  mkdirSync(path.join(root, 'w/img'), { recursive: true });
  writeFileSync(path.join(root, 'w/img/Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(root, 'w/stack.yml'), stackYml);
  const stack = await loadStack('w/stack.yml', { workspaceRoot: root });
  return startLocalWorkloads({ workspaceRoot: root, projectName: 'w', projectRoot: 'w', stack, region: 'local', hostEnv: { PATH: process.env.PATH, DOCKER_HOST: `unix://${path.join(root, 'no-engine.sock')}` }, log: () => undefined });
}

describe('local multi-container workloads', () => {
  it('two workloads on one container port are NXS_SERVE_PORT_CONFLICT at the second (all share this machine\'s network), before any engine is asked', async () => {
    const run = start(['resources:', ...workload('one', 18555), ...workload('two', 18555), ''].join('\n'));
    await expect(run).rejects.toMatchObject({ code: 'NXS_SERVE_PORT_CONFLICT', location: { file: 'w/stack.yml', line: 19 } });
    await expect(run).rejects.toThrow(/'one\/main' and 'two\/main' both listen on container port 18555/);
  });

  it('without an engine, a workload is NXS_SERVE_ENGINE_NEEDED at its type', async () => {
    const run = start(['resources:', ...workload('one', 18556), ''].join('\n'));
    await expect(run).rejects.toMatchObject({ code: 'NXS_SERVE_ENGINE_NEEDED', location: { file: 'w/stack.yml', line: 3 } });
    await expect(run).rejects.toThrow(/multi-container-workload 'one' runs locally only as containers, and no Docker engine answers at unix:\/\//);
  });
});
