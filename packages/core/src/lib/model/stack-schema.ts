import { z } from 'zod';
import { resourceSchemaUnion } from './resource-types';

/** A raw CloudFormation resource added to the template as-is (directives resolved). */
export const cloudformationResourceSchema = z.looseObject({
  Type: z.string().min(1),
  Properties: z.record(z.string(), z.unknown()).optional(),
});

export const deploymentConfigSchema = z.strictObject({
  useS3TransferAcceleration: z.boolean().default(true),
});

/** The whole stack.yml. */
export const stackConfigSchema = z.strictObject({
  resources: z.record(z.string(), resourceSchemaUnion),
  cloudformationResources: z.record(z.string(), cloudformationResourceSchema).optional(),
  deploymentConfig: deploymentConfigSchema.prefault({}),
  /** Values read with $Var('name') / $Var().name (local directives resolved). */
  variables: z.record(z.string(), z.unknown()).optional(),
});

export type StackConfig = z.output<typeof stackConfigSchema>;
/** stack.yml as written (defaults not yet applied). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type CloudformationResource = z.output<typeof cloudformationResourceSchema>;
export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;
