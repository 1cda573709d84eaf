import { z } from 'zod';

/** Amazon States Language; `Fn::GetAtt` / `Ref` / `Fn::Sub` and directives inside are resolved at deploy. */
export const stateMachinePropertiesSchema = z.strictObject({
  definition: z.looseObject({
    Comment: z.string().optional(),
    StartAt: z.string().min(1),
    States: z.record(z.string(), z.record(z.string(), z.unknown())),
    Version: z.string().optional(),
    TimeoutSeconds: z.number().int().min(1).optional(),
  }),
});

export const STATE_MACHINE_PARAMS = ['arn', 'name'] as const;

export const stateMachineResourceType = { type: 'state-machine', propertiesSchema: stateMachinePropertiesSchema, params: STATE_MACHINE_PARAMS } as const;
export type StateMachineProperties = z.output<typeof stateMachinePropertiesSchema>;
