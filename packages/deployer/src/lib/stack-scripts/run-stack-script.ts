/**
 * Runs one top-level `local-script` of stack.yml (Stacktape semantics): `executeCommand(s)` are
 * shell command lines (pipes, `&&`, globs), so each runs as argv `['/bin/sh', '-c', <line>]`;
 * `executeScript(s)` files run as argv with node (.js/.mjs/.cjs, .ts bundled first by
 * script-bundle.ts) or python3 (.py). Steps run one after another in `cwd` (default: the folder
 * of stack.yml); the first that fails stops the script with NXS_SCRIPT_FAILED.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, resolveInsideWorkspace, type ConfigPath, type LoadedStack, type LocalScriptConfig } from '@nxstack/core';
import { bundleTypeScriptScript, nodeModulesPath } from './script-bundle';
import { scriptEnvironment } from './script-environment';

export interface RunStackScriptOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly name: string;
  readonly stage: string;
  readonly region?: string;
  readonly profile?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

interface Step {
  readonly argv: readonly string[];
  /** Bundled TypeScript: its packages are found from the source's folder. */
  readonly nodePath?: string;
  readonly shown: string;
  /** Where the step is written in stack.yml. */
  readonly at: ConfigPath;
}

export async function runStackScript(o: RunStackScriptOptions): Promise<void> {
  const script = o.stack.config.scripts?.[o.name];
  const names = Object.keys(o.stack.config.scripts ?? {});
  if (!script) {
    throw new NxstackError('NXS_SCRIPT_UNKNOWN', `'${o.name}' is not a script of ${o.stack.file}`, {
      location: o.stack.locate(['scripts']),
      hint: `Scripts: ${names.join(', ') || '(none)'}.`,
    });
  }
  if (script.type !== 'local-script') {
    throw new NxstackError('NXS_SCRIPT_UNSUPPORTED', `script '${o.name}' is a ${script.type}, which is not supported yet`, { location: o.stack.locate(['scripts', o.name, 'type']) });
  }
  const base: ConfigPath = ['scripts', o.name, 'properties'];
  const props = script.properties;
  const cwd = props.cwd === undefined ? o.stack.dir : insideWorkspace(o, props.cwd, [...base, 'cwd'], 'directory');
  const steps = await stepsOf(o, script, base);
  const env = await scriptEnvironment({ ...o, script });
  for (const step of steps) {
    o.log(`script ${o.name}: ${step.shown}`);
    await runStep(o, step, cwd, env, props.pipeStdio);
  }
  o.log(`script ${o.name}: done`);
}

async function stepsOf(o: RunStackScriptOptions, script: LocalScriptConfig, base: ConfigPath): Promise<Step[]> {
  const p = script.properties;
  const commands = p.executeCommand !== undefined ? [[p.executeCommand, ['executeCommand']] as const] : (p.executeCommands ?? []).map((c, i) => [c, ['executeCommands', i]] as const);
  if (commands.length) return commands.map(([line, at]) => ({ argv: ['/bin/sh', '-c', line], shown: line, at: [...base, ...at] }));
  const files = p.executeScript !== undefined ? [[p.executeScript, ['executeScript']] as const] : (p.executeScripts ?? []).map((f, i) => [f, ['executeScripts', i]] as const);
  const steps: Step[] = [];
  for (const [file, at] of files) {
    const where = [...base, ...at];
    const absolute = insideWorkspace(o, file, where, 'file');
    const ts = /\.[mc]?ts$/.test(absolute);
    steps.push({ argv: await scriptArgv(o, absolute, where), shown: file, at: where, ...(ts ? { nodePath: nodeModulesPath(path.dirname(absolute), o.workspaceRoot) } : {}) });
  }
  return steps;
}

async function scriptArgv(o: RunStackScriptOptions, file: string, at: ConfigPath): Promise<string[]> {
  const ext = path.extname(file);
  if (['.js', '.mjs', '.cjs'].includes(ext)) return [process.execPath, file];
  if (['.ts', '.mts', '.cts'].includes(ext)) return [process.execPath, await bundleTypeScriptScript({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, scriptName: o.name, file, location: o.stack.locate(at) })];
  if (ext === '.py') return ['python3', file];
  throw new NxstackError('NXS_SCRIPT_COMMAND_INVALID', `script '${o.name}': cannot run '${path.basename(file)}' (${ext || 'no extension'})`, {
    location: o.stack.locate(at),
    hint: 'executeScript runs .js/.mjs/.cjs/.ts files with node and .py files with python3; for anything else use executeCommand.',
  });
}

function insideWorkspace(o: RunStackScriptOptions, rel: string, at: ConfigPath, kind: 'file' | 'directory'): string {
  const location = o.stack.locate(at);
  const absolute = resolveInsideWorkspace(o.stack.dir, rel, { workspaceRoot: o.workspaceRoot, what: String(at[at.length - 1]), location });
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat || (kind === 'directory' ? !stat.isDirectory() : !stat.isFile())) {
    throw new NxstackError('NXS_PATH_NOT_FOUND', `${kind} '${rel}' of script '${o.name}' does not exist`, {
      location,
      hint: `Paths are relative to the folder holding stack.yml (${o.stack.dir}).`,
    });
  }
  return absolute;
}

function runStep(o: RunStackScriptOptions, step: Step, cwd: string, env: Record<string, string>, pipeStdio: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stepEnv = step.nodePath ? { ...env, NODE_PATH: [step.nodePath, env['NODE_PATH']].filter(Boolean).join(path.delimiter) } : env;
    const child = spawn(step.argv[0], step.argv.slice(1), { cwd, env: stepEnv, stdio: pipeStdio ? ['inherit', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
    let captured = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (captured = (captured + d).slice(-8000)));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (captured = (captured + d).slice(-8000)));
    const fail = (why: string, cause?: unknown) =>
      reject(
        new NxstackError('NXS_SCRIPT_FAILED', `script '${o.name}' failed: \`${step.shown}\` ${why}${captured ? `\n${captured.trimEnd()}` : ''}`, {
          location: o.stack.locate(step.at),
          hint: `Run it alone with nx run ${o.projectName}:script--${o.name}${o.stage === 'local' ? '' : ` --stage ${o.stage}`} (cwd ${path.relative(o.workspaceRoot, cwd) || '.'}).`,
          cause,
        }),
      );
    child.on('error', (e) => fail(`could not start: ${e.message}`, e));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else fail(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  });
}
