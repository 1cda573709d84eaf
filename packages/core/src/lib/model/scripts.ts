/**
 * Top-level `scripts` and `hooks` (Stacktape's `LocalScript`, `BastionScript`,
 * `LocalScriptWithBastionTunneling`, `Hooks`; names and defaults from its
 * types/stacktape-config/__helpers.d.ts). Each script is an Nx target `script--<name>`; hooks
 * name scripts that run around deploy and destroy (the deployer's script hooks).
 */
import { z } from 'zod';
import { connectToSchema, environmentSchema } from './common-schemas';

/** Script names become Nx target names (`script--<name>`). */
export const SCRIPT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

const scriptEnvProperties = {
  /** Resources whose STP_* variables the script gets (local values on the local stage, stack outputs on AWS). */
  connectTo: connectToSchema.optional(),
  environment: environmentSchema.optional(),
  /** Stacktape assumes the role of a deployed workload; refused (not supported yet) by the checks. */
  assumeRoleOfResource: z.string().min(1).optional(),
};

/** What a local script runs: exactly one of the four (script-checks.ts). */
const localScriptProperties = {
  ...scriptEnvProperties,
  /** A JS/TS (node) or Python (python3) file, relative to stack.yml's folder. */
  executeScript: z.string().min(1).optional(),
  executeScripts: z.array(z.string().min(1)).min(1).optional(),
  /** A shell command line (Stacktape runs it in a shell: pipes, &&, globbing). */
  executeCommand: z.string().min(1).optional(),
  executeCommands: z.array(z.string().min(1)).min(1).optional(),
  /** Working directory, relative to stack.yml's folder (default: that folder). */
  cwd: z.string().min(1).optional(),
  /** Show the script's output as it runs (true) or only when it fails (false). */
  pipeStdio: z.boolean().default(true),
};

export const localScriptSchema = z.strictObject({ type: z.literal('local-script'), properties: z.strictObject(localScriptProperties) });
export const localScriptWithBastionTunnelingSchema = z.strictObject({
  type: z.literal('local-script-with-bastion-tunneling'),
  properties: z.strictObject({ ...localScriptProperties, bastionResource: z.string().min(1).optional() }),
});
export const bastionScriptSchema = z.strictObject({
  type: z.literal('bastion-script'),
  properties: z.strictObject({
    ...scriptEnvProperties,
    bastionResource: z.string().min(1).optional(),
    executeCommand: z.string().min(1).optional(),
    executeCommands: z.array(z.string().min(1)).min(1).optional(),
    cwd: z.string().min(1).optional(),
  }),
});

export const scriptSchema = z.discriminatedUnion('type', [localScriptSchema, localScriptWithBastionTunnelingSchema, bastionScriptSchema]);

export const hookSchema = z.strictObject({
  scriptName: z.string().min(1),
  /** Not run when a CI environment is detected (ci-environment.ts). */
  skipOnCI: z.boolean().default(false),
  /** Run only in CI ("locally" is the machine, not the local stage). */
  skipOnLocal: z.boolean().default(false),
});

const hookList = z.array(hookSchema).optional();

/** Stacktape's lifecycle hooks; the bucket-sync and dev ones are refused by the checks (no such command here). */
export const hooksSchema = z.strictObject({
  beforeDeploy: hookList,
  afterDeploy: hookList,
  beforeDelete: hookList,
  afterDelete: hookList,
  beforeBucketSync: hookList,
  afterBucketSync: hookList,
  beforeDev: hookList,
  afterDev: hookList,
});

/** Hooks nxstack runs, and around which command. */
export const SUPPORTED_HOOKS = ['beforeDeploy', 'afterDeploy', 'beforeDelete', 'afterDelete'] as const;
export type SupportedHook = (typeof SUPPORTED_HOOKS)[number];

export type ScriptConfig = z.output<typeof scriptSchema>;
export type LocalScriptConfig = z.output<typeof localScriptSchema>;
export type HookConfig = z.output<typeof hookSchema>;
export type HooksConfig = z.output<typeof hooksSchema>;
