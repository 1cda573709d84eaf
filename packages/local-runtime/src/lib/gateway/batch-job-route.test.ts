import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalGateway } from './local-gateway';

// A route that starts a batch job (its trigger function on AWS): serve says so and answers 501, never a silent 404.
const STACK = `resources:
  api:
    type: http-api-gateway
  train:
    type: batch-job
    properties:
      container: { packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } } }
      resources: { cpu: 1, memory: 2048 }
      events:
        - type: http-api-gateway
          properties: { httpApiGatewayName: api, path: /train, method: POST }
`;

describe('serve: an http-api-gateway route to a batch-job', () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'nxs-batch-route-'));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('is named at start and answers 501 (the local stage runs no batch jobs)', async () => {
    writeFileSync(path.join(ws, 'stack.yml'), STACK);
    const lines: string[] = [];
    const gateway = await startLocalGateway({ workspaceRoot: ws, projectName: 'batchroute', stackFile: 'stack.yml', region: 'local', hostEnv: {}, log: (l) => lines.push(l) });
    try {
      expect(lines).toContain("warning: api route 'POST /train' starts batch-job 'train', which does not run locally: the route answers 501");
      const res = await fetch(`${gateway.urls.api}/train`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({ message: "batch-job 'train' does not run on the local stage: on AWS this route starts it (nxstack)" });
      expect((await fetch(`${gateway.urls.api}/other`)).status).toBe(404);
    } finally {
      await gateway.close();
    }
  });
});
