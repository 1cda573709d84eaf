import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { createWorkspaceFromTemplate } from './sample-workspace';

/**
 * One installed copy of a workspace template for the whole describe block it is called in:
 * created before the first test, removed after the last (NXSTACK_KEEP_E2E=1 keeps it for a look
 * after a failure). Returns a getter for its path.
 */
export function suiteWorkspace(templateDir: string, prefix: string, timeoutMs = 600_000): () => string {
  let ws = '';
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(templateDir, prefix);
  }, timeoutMs);
  afterAll(() => {
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });
  return () => ws;
}
