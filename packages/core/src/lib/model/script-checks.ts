import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { walkDirectives } from './directives';
import { SCRIPT_NAME_PATTERN, SUPPORTED_HOOKS, type HooksConfig, type ScriptConfig } from './scripts';
import type { ConfigPath, YamlSource } from './yaml-source';

const RUN_KEYS = ['executeScript', 'executeScripts', 'executeCommand', 'executeCommands'] as const;

/**
 * Hooks that run where the stack has no deployed values to give: beforeDeploy runs before the
 * (stage-independent, cached) package tasks, afterDelete after the stack is gone.
 */
const NO_STAGE_VALUES: Readonly<Record<string, string>> = {
  beforeDeploy: 'runs before packaging, which nxstack does once for every stage, so no stage values exist for it yet',
  afterDelete: 'runs after the stack was deleted, so its resources have no values any more',
};

const UNSUPPORTED_HOOKS: Readonly<Record<string, string>> = {
  beforeBucketSync: 'nxstack has no separate bucket-sync command',
  afterBucketSync: 'nxstack has no separate bucket-sync command',
  beforeDev: 'nxstack has no dev mode (use nx run <project>:serve)',
  afterDev: 'nxstack has no dev mode (use nx run <project>:serve)',
};

/** Checks of `scripts` and `hooks` that need the whole config (names, references, what is supported). */
export function checkScriptsAndHooks(
  config: { readonly scripts?: Readonly<Record<string, ScriptConfig>>; readonly hooks?: HooksConfig; readonly resources: Readonly<Record<string, unknown>> },
  source: YamlSource,
): NxstackError[] {
  const problems: NxstackError[] = [];
  const scripts = config.scripts ?? {};
  const scriptNames = Object.keys(scripts);
  const resourceNames = Object.keys(config.resources);
  for (const [name, script] of Object.entries(scripts)) {
    const base: ConfigPath = ['scripts', name];
    if (!SCRIPT_NAME_PATTERN.test(name)) {
      problems.push(
        new NxstackError('NXS_SCRIPT_NAME_INVALID', `invalid script name '${name}'`, {
          location: source.locateKey(base),
          hint: 'Script names become Nx targets (script--<name>): a letter, then letters, digits, - or _.',
        }),
      );
    }
    if (script.type !== 'local-script') {
      problems.push(
        new NxstackError('NXS_SCRIPT_UNSUPPORTED', `script '${name}' is a ${script.type}, which is not supported yet: nxstack has no bastion resource`, {
          location: source.locate([...base, 'type']),
          hint: 'Use a local-script; for a database inside a VPC, run it from a deployment-script (type: deployment-script, joinDefaultVpc) instead.',
        }),
      );
      continue;
    }
    const props = script.properties;
    if (props.assumeRoleOfResource !== undefined) {
      problems.push(
        new NxstackError('NXS_SCRIPT_UNSUPPORTED', `script '${name}': assumeRoleOfResource is not supported yet`, {
          location: source.locateKey([...base, 'properties', 'assumeRoleOfResource']),
          hint: "Remove it: the script runs with your own AWS credentials (and connectTo gives it the resources' STP_* values).",
        }),
      );
    }
    const given = RUN_KEYS.filter((k) => props[k] !== undefined);
    if (given.length !== 1) {
      problems.push(
        new NxstackError('NXS_SCRIPT_COMMAND_INVALID', `script '${name}' ${given.length ? `sets ${given.join(' and ')}` : 'runs nothing'}: give exactly one of ${RUN_KEYS.join(', ')}`, {
          location: given.length > 1 ? source.locateKey([...base, 'properties', given[1]]) : source.locate([...base, 'properties']),
          hint: "executeCommand: 'npm run build' (a shell command line), executeCommands: a list run one after another, executeScript(s): .js/.ts/.py files.",
        }),
      );
    }
    (props.connectTo ?? []).forEach((target, i) => {
      if (target === 'aws:ses' || resourceNames.includes(target)) return;
      problems.push(
        new NxstackError('NXS_UNKNOWN_CONNECT_TO_TARGET', `script '${name}' connectTo names '${target}', which is not a resource of this stack`, {
          location: source.locate([...base, 'properties', 'connectTo', i]),
          hint: `${didYouMeanText(target, resourceNames)}Use a resource name from 'resources' (${resourceNames.join(', ')}).`,
        }),
      );
    });
  }
  for (const [hook, list] of Object.entries(config.hooks ?? {})) {
    if (!list) continue;
    if (!(SUPPORTED_HOOKS as readonly string[]).includes(hook)) {
      problems.push(
        new NxstackError('NXS_HOOK_UNSUPPORTED', `hooks.${hook} is not supported yet: ${UNSUPPORTED_HOOKS[hook]}`, {
          location: source.locateKey(['hooks', hook]),
          hint: `nxstack runs ${SUPPORTED_HOOKS.join(', ')}; run the script yourself with nx run <project>:script--<name>.`,
        }),
      );
      continue;
    }
    list.forEach((h, i) => {
      const script = config.scripts?.[h.scriptName];
      if (!script) {
        problems.push(
          new NxstackError('NXS_SCRIPT_UNKNOWN', `hooks.${hook}[${i}] names script '${h.scriptName}', which is not in 'scripts'`, {
            location: source.locate(['hooks', hook, i, 'scriptName']),
            hint: `${didYouMeanText(h.scriptName, scriptNames)}Scripts: ${scriptNames.join(', ') || '(none)'}.`,
          }),
        );
        return;
      }
      const why = NO_STAGE_VALUES[hook];
      if (why && usesStageValues(script)) {
        problems.push(
          new NxstackError('NXS_HOOK_UNSUPPORTED', `hooks.${hook} runs script '${h.scriptName}', which uses the stack's deployed values (connectTo, $ResourceParam, $Secret...): ${hook} ${why}`, {
            location: source.locate(['hooks', hook, i, 'scriptName']),
            hint: `Run it from afterDeploy or beforeDelete, or on demand with nx run <project>:script--${h.scriptName} --stage <stage>.`,
          }),
        );
      }
    });
  }
  return problems;
}

/** Whether a script's environment depends on a deployed stage. */
export function usesStageValues(script: ScriptConfig): boolean {
  const props = script.properties;
  if ((props.connectTo ?? []).some((t) => t !== 'aws:ses')) return true;
  let found = false;
  walkDirectives(props.environment, () => (found = true));
  return found;
}
