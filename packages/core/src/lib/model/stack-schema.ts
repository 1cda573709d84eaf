import { z } from 'zod';
import { stringOrDirective } from './common-schemas';
import { providerConfigSchema } from './provider-config';
import { resourceSchemaUnion } from './resource-types';
import { hooksSchema, scriptSchema } from './scripts';

/** A raw CloudFormation resource added to the template as-is (directives resolved). */
export const cloudformationResourceSchema = z.looseObject({
  Type: z.string().min(1),
  Properties: z.record(z.string(), z.unknown()).optional(),
});

export const deploymentConfigSchema = z.strictObject({
  useS3TransferAcceleration: z.boolean().default(true),
});

/** Output names become CloudFormation Output logical ids: letters and digits only. */
export const STACK_OUTPUT_NAME_PATTERN = /^[A-Za-z0-9]+$/;

/**
 * A user-defined stack output (Stacktape's `stackConfig.outputs` entry). `export: true` makes
 * it importable by other stacks through `$CfStackOutput('<project>-<stage>', '<name>')`.
 */
export const stackOutputSchema = z.strictObject({
  name: z.string().regex(STACK_OUTPUT_NAME_PATTERN, 'output names are letters and digits only (they become CloudFormation Output ids)').max(255),
  value: stringOrDirective,
  description: z.string().optional(),
  export: z.boolean().default(false),
});

/** Stack-wide settings (Stacktape's `stackConfig`); nxstack reads `outputs`. */
export const stackSettingsSchema = z.strictObject({
  outputs: z.array(stackOutputSchema).optional(),
});

/** The whole stack.yml. */
export const stackConfigSchema = z.strictObject({
  resources: z.record(z.string(), resourceSchemaUnion),
  cloudformationResources: z.record(z.string(), cloudformationResourceSchema).optional(),
  deploymentConfig: deploymentConfigSchema.prefault({}),
  /** Values read with $Var('name') / $Var().name (local directives resolved). */
  variables: z.record(z.string(), z.unknown()).optional(),
  stackConfig: stackSettingsSchema.optional(),
  /** Scripts run on demand (`script--<name>`) or by hooks around deploy/destroy (scripts.ts). */
  scripts: z.record(z.string(), scriptSchema).optional(),
  hooks: hooksSchema.optional(),
  /** Third-party credentials: accepted as Stacktape writes them, refused by checkProviderConfig. */
  providerConfig: providerConfigSchema.optional(),
});

export type StackConfig = z.output<typeof stackConfigSchema>;
/** stack.yml as written (defaults not yet applied). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type CloudformationResource = z.output<typeof cloudformationResourceSchema>;
export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;
export type StackOutputConfig = z.output<typeof stackOutputSchema>;
