import type { Architecture } from '../manifest';
import { esLanguageSpecificConfigSchema } from './packaging/stacktape-lambda-buildpack';
import { functionPropertiesSchema } from './resource-types/function';

/**
 * The Lambda architecture when neither stack.yml nor an explicit executor option names one: read
 * from the stack model's own default, so packagers (inline project.json targets) and the compiled
 * template cannot disagree. Executor schema.json files carry no architecture default.
 */
export const DEFAULT_LAMBDA_ARCHITECTURE: Architecture = functionPropertiesSchema.shape.architecture.parse(undefined);

/** JS/TS bundle format when languageSpecificConfig.outputModuleFormat is not set: the stack model's default. */
export const DEFAULT_OUTPUT_MODULE_FORMAT: 'cjs' | 'esm' = esLanguageSpecificConfigSchema.shape.outputModuleFormat.parse(undefined);

/**
 * A Lambda's memory (MB), timeout (s) and ephemeral storage (MB) when stack.yml sets none: the stack model's own defaults
 * (read from the zod schema, not restated), for code that runs a function without a loaded model
 * default applied (the local runtime).
 */
export const LAMBDA_DEFAULTS: { readonly memory: number; readonly timeout: number; readonly storage: number } = {
  memory: functionPropertiesSchema.shape.memory.parse(undefined),
  timeout: functionPropertiesSchema.shape.timeout.parse(undefined),
  storage: functionPropertiesSchema.shape.storage.parse(undefined),
};
