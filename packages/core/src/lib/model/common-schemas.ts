import { z } from 'zod';
import { directiveSchema } from './directives';

/** A string value that may also be (or embed) a directive. */
export const stringOrDirective = z.union([z.string(), directiveSchema]);

/** Environment variable values: Stacktape accepts strings, numbers and booleans. */
export const environmentSchema = z.array(
  z.strictObject({
    name: z.string().min(1),
    value: z.union([z.string(), z.number(), z.boolean(), directiveSchema]),
  }),
);

/** Resource names (or `aws:ses`) this workload gets env vars and permissions for. */
export const connectToSchema = z.array(z.string().min(1));

const stringOrList = z.union([stringOrDirective, z.array(stringOrDirective)]);
export const iamRoleStatementSchema = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']).optional(),
  Action: stringOrList.optional(),
  Resource: stringOrList,
  Condition: z.record(z.string(), z.unknown()).optional(),
});
export const iamRoleStatementsSchema = z.array(iamRoleStatementSchema);

/** Patches merged into the generated CloudFormation resources (free-form by nature). */
export const overridesSchema = z.record(z.string(), z.unknown());

/** The values CloudWatch Logs accepts for RetentionInDays: the one rule for `logging.retentionDays`. */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const loggingSchema = z.strictObject({ retentionDays: z.literal(CLOUDWATCH_LOG_RETENTION_DAYS).optional() });

export const lambdaMemorySchema = z.number().int().min(128).max(10240);
export const lambdaTimeoutSchema = z.number().int().min(1).max(900);
export const lambdaStorageSchema = z.number().int().min(512).max(10240);
/** Lambda runtime id (nodejs20.x, python3.12, java21, provided.al2023 …); checked by packagers. */
export const lambdaRuntimeSchema = z.string().min(1);

export type EnvironmentVariable = z.output<typeof environmentSchema>[number];
export type IamRoleStatement = z.output<typeof iamRoleStatementSchema>;
