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
