import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Architecture, NxstackError } from '@nxstack/core';
import { findOnPath } from './find-on-path';
import { javaCommand } from './java-runtime';

/** How to start a runtime process for one function inside its unpacked artifact. */
export interface RuntimeCommand {
  readonly argv: readonly string[];
  /** Variables the runtime itself needs (on top of the Lambda environment). */
  readonly env: Readonly<Record<string, string>>;
  /** Things the caller should know (e.g. an older local Node than the function's runtime). */
  readonly notes: readonly string[];
}

export interface RuntimeCommandOptions {
  readonly runtime: string;
  readonly handler: string;
  readonly architecture: Architecture;
  /** Unpacked artifact (LAMBDA_TASK_ROOT). */
  readonly taskRoot: string;
  /** Host environment: PATH to look tools up on. */
  readonly hostEnv: NodeJS.ProcessEnv;
  /** Where fetched runtime clients (the Java RIC) are kept between runs. */
  readonly cacheDir: string;
}

/** Folder of the runtime clients shipped with this package (`clients/<language>/`). */
export const CLIENTS_DIR = path.join(__dirname, '..', '..', 'clients');

/** Picks the runtime process for a Lambda runtime id (`nodejs20.x`, `provided.al2023`, ...). */
export async function runtimeCommand(o: RuntimeCommandOptions): Promise<RuntimeCommand> {
  if (/^nodejs\d+\.x$/.test(o.runtime)) return nodeCommand(o);
  if (/^provided(\.al2|\.al2023)?$/.test(o.runtime) || o.runtime === 'go1.x') return bootstrapCommand(o);
  if (/^python3\.\d+$/.test(o.runtime)) return pythonCommand(o);
  if (/^java\d+(\.al2)?$/.test(o.runtime)) return javaCommand(o.runtime, o.handler, o.cacheDir, o.hostEnv);
  throw new NxstackError('NXS_LOCAL_RUNTIME_UNSUPPORTED', `Runtime ${o.runtime} cannot run locally yet.`, {
    hint: 'Local invocation supports nodejs*.x, python3.*, java* and provided.* (Go bootstrap) runtimes.',
  });
}

function nodeCommand(o: RuntimeCommandOptions): RuntimeCommand {
  const wanted = Number(/^nodejs(\d+)\.x$/.exec(o.runtime)![1]);
  const local = Number(process.versions.node.split('.')[0]);
  const notes = local < wanted ? [`${o.runtime} runs on the local Node.js ${process.versions.node} (older than the function's runtime).`] : [];
  return { argv: [process.execPath, path.join(CLIENTS_DIR, 'node', 'index.js')], env: {}, notes };
}

/** `bootstrap` speaks the Runtime API itself; another architecture runs under qemu-user-static. */
function bootstrapCommand(o: RuntimeCommandOptions): RuntimeCommand {
  const bootstrap = path.join(o.taskRoot, 'bootstrap');
  if (!existsSync(bootstrap)) {
    throw new NxstackError('NXS_LOCAL_BOOTSTRAP_MISSING', `The artifact has no bootstrap file at its root (runtime ${o.runtime}).`, {
      hint: 'A provided.* runtime starts ./bootstrap; check the packaged zip.',
    });
  }
  const host = hostArchitecture();
  if (o.architecture === host) return { argv: [bootstrap], env: {}, notes: [] };
  const qemuNames = o.architecture === 'arm64' ? ['qemu-aarch64-static', 'qemu-aarch64'] : ['qemu-x86_64-static', 'qemu-x86_64'];
  const qemu = qemuNames.map((n) => findOnPath(n, o.hostEnv.PATH ?? '')).find((p) => p !== undefined);
  if (!qemu) {
    throw new NxstackError('NXS_LOCAL_ARCHITECTURE_UNSUPPORTED', `The function is built for ${o.architecture} but this machine is ${host}, and no ${qemuNames.join(' / ')} is on PATH.`, {
      hint: "Install Debian's qemu-user-static (apt-get install qemu-user-static) or set architecture to the machine's.",
    });
  }
  return { argv: [qemu, bootstrap], env: {}, notes: [`${o.architecture} bootstrap runs under ${path.basename(qemu)}.`] };
}

/** Our stdlib-only client on a local `python3.X` of exactly the function's version. */
function pythonCommand(o: RuntimeCommandOptions): RuntimeCommand {
  const version = o.runtime.slice('python'.length);
  const python = localPython(version, o.hostEnv);
  if (!python) {
    throw new NxstackError('NXS_LOCAL_PYTHON_MISSING', `No local Python ${version} to run the ${o.runtime} function with (python${version} is not on PATH or is not ${version}).`, {
      hint: `Install Python ${version} (apt-get install python${version}, or pyenv install ${version}) so python${version} runs.`,
    });
  }
  return { argv: [python, '-u', path.join(CLIENTS_DIR, 'python', 'bootstrap.py')], env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' }, notes: [] };
}

/**
 * The real interpreter of exactly `version`: `python3.X` on PATH (pyenv shims resolved), else a
 * pyenv-installed `versions/3.X.*` (pyenv keeps inactive versions off PATH).
 */
function localPython(version: string, hostEnv: NodeJS.ProcessEnv): string | undefined {
  const onPath = findOnPath(`python${version}`, hostEnv.PATH ?? '');
  const pyenvRoot = hostEnv.PYENV_ROOT ?? path.join(hostEnv.HOME ?? os.homedir(), '.pyenv');
  let installed: string[] = [];
  try {
    installed = readdirSync(path.join(pyenvRoot, 'versions'))
      .filter((v) => v.startsWith(`${version}.`))
      .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
      .map((v) => path.join(pyenvRoot, 'versions', v, 'bin', `python${version}`));
  } catch {
    // no pyenv
  }
  for (const candidate of [...(onPath ? [onPath] : []), ...installed]) {
    const exe = pythonOfVersion(candidate, version, hostEnv);
    if (exe) return exe;
  }
  return undefined;
}

function pythonOfVersion(candidate: string, version: string, hostEnv: NodeJS.ProcessEnv): string | undefined {
  try {
    const out = execFileSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'], { env: hostEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000 });
    const [found, executable] = out.trim().split('\n');
    return found === version && executable ? executable : undefined;
  } catch {
    return undefined;
  }
}

export function hostArchitecture(): Architecture | string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : process.arch;
}
