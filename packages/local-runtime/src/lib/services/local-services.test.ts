import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStack, localEndpointUrl, webServiceEndpointLogicalId } from '@nxstack/core';
import { startLocalServices } from './local-services';
import { localServices } from './service-endpoints';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-services-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STACK = `resources:
  web:
    type: web-service
    properties:
      resources: { cpu: 0.25, memory: 512 }
      packaging:
        type: custom-dockerfile
        properties:
          buildContextPath: web
  lb:
    type: web-service
    properties:
      resources: { cpu: 0.25, memory: 512 }
      loadBalancing: { type: application-load-balancer }
      packaging:
        type: stacktape-image-buildpack
        properties:
          entryfilePath: src/lb.ts
  inner:
    type: private-service
    properties:
      resources: { cpu: 0.25, memory: 512 }
      packaging:
        type: stacktape-image-buildpack
        properties:
          entryfilePath: src/lb.ts
  jobs:
    type: worker-service
    properties:
      resources: { cpu: 0.25, memory: 512 }
      packaging:
        type: stacktape-image-buildpack
        properties:
          entryfilePath: src/lb.ts
`;

async function stack() {
  mkdirSync(path.join(root, 'svc/web'), { recursive: true });
  mkdirSync(path.join(root, 'svc/src'), { recursive: true });
  writeFileSync(path.join(root, 'svc/web/Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(root, 'svc/src/lb.ts'), 'export {};\n');
  writeFileSync(path.join(root, 'svc/stack.yml'), STACK);
  return loadStack('svc/stack.yml', { workspaceRoot: root });
}

describe('local services', () => {
  it('listen where the local stage points: a web-service at its front\'s endpoint, a private-service on its own port, a worker on none', async () => {
    const services = localServices(await stack(), 'svc');
    expect(services.map((s) => [s.resource, s.type])).toEqual([['web', 'web-service'], ['lb', 'web-service'], ['inner', 'private-service'], ['jobs', 'worker-service']]);
    expect(services[0]!.url).toBe(localEndpointUrl('svc-local', webServiceEndpointLogicalId('web')));
    expect(services[1]!.url).toBe(localEndpointUrl('svc-local', webServiceEndpointLogicalId('lb', 'application-load-balancer')));
    expect(services[2]!.port).toBeGreaterThanOrEqual(20_000);
    expect(services[3]).toEqual({ resource: 'jobs', type: 'worker-service' });
  });

  it('without an engine, a Dockerfile service is NXS_SERVE_ENGINE_NEEDED at its packaging, before anything is read', async () => {
    const start = startLocalServices({ workspaceRoot: root, projectName: 'svc', projectRoot: 'svc', stack: await stack(), region: 'local', hostEnv: { PATH: process.env.PATH, DOCKER_HOST: `unix://${path.join(root, 'no-engine.sock')}` }, log: () => undefined });
    await expect(start).rejects.toMatchObject({ code: 'NXS_SERVE_ENGINE_NEEDED', location: { file: 'svc/stack.yml', line: 7 } });
    await expect(start).rejects.toThrow(/'web' \(custom-dockerfile\) runs locally only as a container, and no Docker engine answers at unix:\/\//);
  });
});
