import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { afterAll } from 'vitest';

/** The sample stack: a TS buildpack function, a custom-artifact function, a bucket. */
export const SAMPLE_STACK = `resources:
  myLambda:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/my-lambda.ts
      runtime: nodejs20.x
      timeout: 10
      memory: 2048
      environment:
        - name: TABLE
          value: orders
        - name: BUCKET
          value: $ResourceParam('uploads', 'name')
  legacy:
    type: function
    properties:
      packaging:
        type: custom-artifact
        properties:
          packagePath: dist/legacy
          handler: index.handler
  uploads:
    type: bucket
`;

const created: string[] = [];
// Registered on the importing test file's root suite: remove the workspaces it made.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real workspace on disk: files given relative to its root (removed after the test file). */
export function tmpWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-plugin-'));
  created.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

export function sampleWorkspace(stack = SAMPLE_STACK): string {
  return tmpWorkspace({
    'nx.json': JSON.stringify({ plugins: ['@nxstack/plugin'] }),
    'package.json': JSON.stringify({ name: 'ws', private: true }),
    'package-lock.json': '{}',
    'apps/api/project.json': JSON.stringify({ name: 'api' }),
    'apps/api/stack.yml': stack,
    'apps/api/src/my-lambda.ts': 'export default async () => ({ ok: true });\n',
    'apps/api/dist/legacy/index.js': 'exports.handler = async () => ({});\n',
  });
}

export function contextFor(workspaceRoot: string): CreateNodesContext {
  return { workspaceRoot, nxJsonConfiguration: {} };
}
