import { z } from 'zod';

export const eventBusPropertiesSchema = z.strictObject({
  /** Partner event source (e.g. `aws.partner/...`); the bus takes its name. */
  eventSourceName: z.string().min(1).optional(),
  /** Keep every event in an archive (retentionDays 0 or absent = forever). */
  archivation: z
    .strictObject({
      enabled: z.boolean(),
      retentionDays: z.number().int().min(0).optional(),
    })
    .optional(),
});

export const EVENT_BUS_PARAMS = ['arn', 'name'] as const;

export const eventBusResourceType = {
  type: 'event-bus',
  propertiesSchema: eventBusPropertiesSchema,
  params: EVENT_BUS_PARAMS,
} as const;

export type EventBusProperties = z.output<typeof eventBusPropertiesSchema>;
