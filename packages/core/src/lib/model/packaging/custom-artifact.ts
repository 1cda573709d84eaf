import { z } from 'zod';

/** A prebuilt directory, file or zip; directories and un-zipped files are zipped by the packager. */
export const customArtifactSchema = z.strictObject({
  type: z.literal('custom-artifact'),
  properties: z.strictObject({
    packagePath: z.string().min(1),
    handler: z.string().min(1).optional(),
  }),
});

export type CustomArtifactPackaging = z.output<typeof customArtifactSchema>;
