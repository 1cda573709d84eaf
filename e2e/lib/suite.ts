/**
 * Scaffolding every e2e describe shares: one workspace per describe, removed afterwards; the
 * project's inferred targets as `nx show project --json` prints them; git in the workspace.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { createWorkspaceFromTemplate, runNx } from './sample-workspace';

/** Removes the describe's workspace after its tests; NXSTACK_KEEP_E2E=1 keeps it for a look after a failure. */
export function removeWorkspaceAfterAll(workspace: () => string | undefined): void {
  afterAll(() => {
    const ws = workspace();
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });
}

/**
 * One installed copy of a workspace template for the whole describe block it is called in:
 * created before the first test, removed after the last. Returns a getter for its path.
 */
export function suiteWorkspace(templateDir: string, prefix: string, timeoutMs = 600_000): () => string {
  let ws = '';
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(templateDir, prefix);
  }, timeoutMs);
  removeWorkspaceAfterAll(() => ws);
  return () => ws;
}

export interface InferredTarget {
  readonly executor: string;
  readonly dependsOn?: unknown[];
  readonly options?: Record<string, unknown>;
  readonly inputs?: unknown[];
  readonly continuous?: boolean;
}

/** The project's targets through the real `nx show project <p> --json`; fails the test when nx fails. */
export function projectTargets(ws: string, project: string): Record<string, InferredTarget> {
  const run = runNx(ws, ['show', 'project', project, '--json']);
  expect(run.status, run.output).toBe(0);
  return (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { targets: Record<string, InferredTarget> }).targets;
}

/** git in the workspace, with a fixed identity and no signing (CI machines have neither). */
export function git(ws: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: ws, encoding: 'utf8' }).trim();
}

/** `git init` + one commit of everything, so `nx affected` and git-aware hashing have a base. */
export function commitAll(ws: string, message: string): void {
  git(ws, ['init', '-q']);
  git(ws, ['add', '-A']);
  git(ws, ['commit', '-q', '-m', message]);
}
