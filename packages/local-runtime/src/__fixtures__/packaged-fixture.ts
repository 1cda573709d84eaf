/**
 * One packaged function per test file: the fixture folder copied into a temp workspace as `fn/`,
 * packaged by the real packager before the tests, every opened function closed and the
 * workspace removed after them.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openLocalFunction, type LocalFunctionSpec, type OpenedFunction } from '../lib/invoke-local';

export interface PackagedFixture<T> {
  /** The temp workspace (set before the tests run). */
  readonly ws: string;
  /** What `build` returned. */
  readonly built: T;
  /** Opens a warm function, closed after the file's tests. */
  open(spec: LocalFunctionSpec): Promise<OpenedFunction>;
}

export function packagedFixture<T>(fixture: string, build: (ws: string) => Promise<T>, timeoutMs: number): PackagedFixture<T> {
  const state = { ws: '', built: undefined as T | undefined, opened: [] as OpenedFunction[] };
  beforeAll(async () => {
    state.ws = await fs.mkdtemp(path.join(os.tmpdir(), `nxs-lr-${fixture}-`));
    await fs.cp(path.join(__dirname, fixture), path.join(state.ws, 'fn'), { recursive: true });
    state.built = await build(state.ws);
  }, timeoutMs);
  afterAll(async () => {
    await Promise.all(state.opened.map((o) => o.close()));
    if (state.ws) await fs.rm(state.ws, { recursive: true, force: true });
  });
  return {
    get ws() {
      return state.ws;
    },
    get built() {
      if (state.built === undefined) throw new Error(`fixture ${fixture} was not built`);
      return state.built;
    },
    async open(spec) {
      const o = await openLocalFunction(spec);
      state.opened.push(o);
      return o;
    },
  };
}
