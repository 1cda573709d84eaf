import { z } from 'zod';

/** Written as a number or string in YAML; the loader keeps the text as written (`3.10`). */
const versionSchema = z.union([z.string(), z.number()]).transform((v) => String(v));

/** JavaScript / TypeScript entry files. */
export const esLanguageSpecificConfigSchema = z.strictObject({
  tsConfigPath: z.string().optional(),
  emitTsDecoratorMetadata: z.boolean().optional(),
  dependenciesToExcludeFromBundle: z.array(z.string()).optional(),
  outputModuleFormat: z.enum(['cjs', 'esm']).default('cjs'),
  /** Stacktape's default false: the bundle ships index.js.map and runs with --enable-source-maps. */
  disableSourceMaps: z.boolean().optional(),
});
export const pyLanguageSpecificConfigSchema = z.strictObject({
  packageManagerFile: z.string().optional(),
  packageManager: z.enum(['pip', 'pipenv', 'poetry', 'uv']).optional(),
  pythonVersion: versionSchema.optional(),
  runAppAs: z.enum(['WSGI', 'ASGI']).optional(),
});
export const javaLanguageSpecificConfigSchema = z.strictObject({
  useMaven: z.boolean().optional(),
  packageManagerFile: z.string().optional(),
  javaVersion: versionSchema.optional(),
});

/**
 * languageSpecificConfig accepts the keys of every language here (so the JSON Schema stays
 * simple); the loader then checks the keys against the entry file's language.
 */
export const languageSpecificConfigSchema = z.strictObject({
  tsConfigPath: z.string().optional(),
  emitTsDecoratorMetadata: z.boolean().optional(),
  dependenciesToExcludeFromBundle: z.array(z.string()).optional(),
  outputModuleFormat: z.enum(['cjs', 'esm']).optional(),
  disableSourceMaps: z.boolean().optional(),
  packageManagerFile: z.string().optional(),
  packageManager: z.enum(['pip', 'pipenv', 'poetry', 'uv']).optional(),
  pythonVersion: versionSchema.optional(),
  runAppAs: z.enum(['WSGI', 'ASGI']).optional(),
  useMaven: z.boolean().optional(),
  javaVersion: versionSchema.optional(),
});

export const stacktapeLambdaBuildpackSchema = z.strictObject({
  type: z.literal('stacktape-lambda-buildpack'),
  properties: z.strictObject({
    entryfilePath: z.string().min(1),
    handlerFunction: z.string().min(1).optional(),
    includeFiles: z.array(z.string()).optional(),
    excludeFiles: z.array(z.string()).optional(),
    excludeDependencies: z.array(z.string()).optional(),
    languageSpecificConfig: languageSpecificConfigSchema.optional(),
  }),
});

export type EsLanguageSpecificConfig = z.output<typeof esLanguageSpecificConfigSchema>;
export type PyLanguageSpecificConfig = z.output<typeof pyLanguageSpecificConfigSchema>;
export type JavaLanguageSpecificConfig = z.output<typeof javaLanguageSpecificConfigSchema>;
export type StacktapeLambdaBuildpackPackaging = z.output<typeof stacktapeLambdaBuildpackSchema>;
