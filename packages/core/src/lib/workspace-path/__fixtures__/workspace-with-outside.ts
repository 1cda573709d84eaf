import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A workspace `root` with a project `apps/api` holding the given files, and a folder `outside`
 * the workspace holding a secret a hostile path could reach.
 */
export function workspaceWithOutside(projectFiles: Readonly<Record<string, string>>, secret: { readonly name: string; readonly content: string }) {
  const outside = mkdtempSync(path.join(tmpdir(), 'nxs-outside-'));
  writeFileSync(path.join(outside, secret.name), secret.content);
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-ws-'));
  const project = path.join(root, 'apps', 'api');
  for (const [file, content] of Object.entries(projectFiles)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), content);
  }
  return { root, project, outside };
}
