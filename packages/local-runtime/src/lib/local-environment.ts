import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_SECRETS_FILE, NxstackError, resolveStackReferences, type LoadedStack } from '@nxstack/core';
import { readImportedOutputs, readLocalOutputs, resolveEnvironmentOf, resolveWorkloadEnvironment } from '@nxstack/connect-to';

export interface LocalEnvironmentOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly resource: string;
  /** A container of the multi-container-workload `resource`: its own environment plus the workload's connectTo. */
  readonly container?: string;
  /** Every workspace project with a stack.yml (core's workspaceStackFiles): `$CfStackOutput` providers. */
  readonly stackFiles?: ReadonlyMap<string, string>;
}

/**
 * A function's `environment` plus its connectTo STP_* variables with local values: resource
 * parameters from the local stage's outputs, `$Secret` values from the git-ignored
 * `.nxstack/secrets.json`. Anything unresolved is an error, never a placeholder.
 */
export async function localEnvironment(o: LocalEnvironmentOptions): Promise<Record<string, string>> {
  const outputs = await readLocalOutputs(o.workspaceRoot, o.projectName, 'local').catch((e: unknown) => {
    if ((e as { code?: string }).code === 'NXS_STAGE_NOT_DEPLOYED') return {};
    throw e;
  });
  // Imported outputs: the providers' local-stage outputs (a provider not deployed fails at the directive).
  const references = await resolveStackReferences({ stack: o.stack, projectName: o.projectName, stage: 'local', workspaceRoot: o.workspaceRoot, stackFiles: o.stackFiles ?? new Map() });
  const values = await readImportedOutputs(references.references, (project, stage) => readLocalOutputs(o.workspaceRoot, project, stage));
  const resolveOptions = { stack: o.stack, outputs, revealSecret: localSecretReader(o.workspaceRoot), imports: { references, values } };
  const resolved = o.container ? await resolveEnvironmentOf(containerSource(o.stack, o.resource, o.container), resolveOptions) : await resolveWorkloadEnvironment({ ...resolveOptions, resource: o.resource });
  if (resolved.warnings.length) {
    throw new NxstackError('NXS_LOCAL_ENV_UNRESOLVED', `The environment of '${o.resource}' cannot be resolved locally: ${resolved.warnings.join(' ')}`, {
      location: o.stack.locate(['resources', o.resource, 'properties']),
      hint: `Deploy the local stage first (nx run ${o.projectName}:deploy) so its resources have local values.`,
    });
  }
  return resolved.variables;
}

/** What a workload container's environment is made of, as the compiler gives it (its environment, the workload's connectTo). */
function containerSource(stack: LoadedStack, workload: string, container: string) {
  const props = stack.config.resources[workload]?.properties as { containers?: Array<{ name: string; environment?: unknown }>; connectTo?: unknown } | undefined;
  const c = props?.containers?.find((x) => x.name === container);
  return { name: workload, type: 'multi-container-workload', properties: { environment: c?.environment, connectTo: props?.connectTo } };
}

/** `$Secret(name)` → the value of `name` in `.nxstack/secrets.json` (`<id>:SecretString:<key>` reads a JSON key). */
export function localSecretReader(workspaceRoot: string): (name: string) => Promise<string> {
  const file = path.join(workspaceRoot, LOCAL_SECRETS_FILE);
  let secrets: Promise<Record<string, unknown>> | undefined;
  const load = async (): Promise<Record<string, unknown>> => {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new NxstackError('NXS_LOCAL_SECRETS_INVALID', `${LOCAL_SECRETS_FILE} is not a JSON object of secret name → value.`, {
      location: { file: LOCAL_SECRETS_FILE },
      hint: 'Write it as { "my-secret": "value" }.',
    });
  };
  return async (name) => {
    const all = await (secrets ??= load());
    const [id, jsonKey] = name.split(':SecretString:');
    let value = all[name] ?? (jsonKey ? all[id] : undefined);
    if (value !== undefined && jsonKey && all[name] === undefined) {
      const key = jsonKey.split(':')[0];
      value = (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown>))[key];
    }
    if (value === undefined) {
      throw new NxstackError('NXS_LOCAL_SECRET_MISSING', `Secret '${name}' has no local value in ${LOCAL_SECRETS_FILE}.`, {
        location: { file: LOCAL_SECRETS_FILE },
        hint: `Add it: { "${id}": ${jsonKey ? '{ "' + jsonKey.split(':')[0] + '": "..." }' : '"..."'} } (the file is git-ignored; never commit secrets).`,
      });
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
}
