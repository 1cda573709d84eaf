import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { type Architecture, NxstackError } from '@nxstack/core';
import { findOnPath } from './find-on-path';

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
  readonly pathEnv: string;
}

/** Folder of the runtime clients shipped with this package (`clients/<language>/`). */
export const CLIENTS_DIR = path.join(__dirname, '..', '..', 'clients');

/** Picks the runtime process for a Lambda runtime id (`nodejs20.x`, `provided.al2023`, ...). */
export function runtimeCommand(o: RuntimeCommandOptions): RuntimeCommand {
  if (/^nodejs\d+\.x$/.test(o.runtime)) return nodeCommand(o);
  if (/^provided(\.al2|\.al2023)?$/.test(o.runtime) || o.runtime === 'go1.x') return bootstrapCommand(o);
  throw new NxstackError('NXS_LOCAL_RUNTIME_UNSUPPORTED', `Runtime ${o.runtime} cannot run locally yet.`, {
    hint: 'Local invocation supports nodejs*.x and provided.* (Go bootstrap) runtimes.',
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
  const qemu = qemuNames.map((n) => findOnPath(n, o.pathEnv)).find((p) => p !== undefined);
  if (!qemu) {
    throw new NxstackError('NXS_LOCAL_ARCHITECTURE_UNSUPPORTED', `The function is built for ${o.architecture} but this machine is ${host}, and no ${qemuNames.join(' / ')} is on PATH.`, {
      hint: "Install Debian's qemu-user-static (apt-get install qemu-user-static) or set architecture to the machine's.",
    });
  }
  return { argv: [qemu, bootstrap], env: {}, notes: [`${o.architecture} bootstrap runs under ${path.basename(qemu)}.`] };
}

export function hostArchitecture(): Architecture | string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : process.arch;
}
