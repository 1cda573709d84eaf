import { z } from 'zod';
import { languageSpecificConfigSchema } from './stacktape-lambda-buildpack';

// Container image packagings (services, batch jobs, image functions); names as Stacktape's.

/**
 * *(nxstack)* Network of RUN steps on the Docker engine: `default` (the engine's default, as
 * `docker build` does), `none` (no network) or `host`. Applies to engine builds only.
 */
export const dockerBuildNetworkSchema = z.enum(['default', 'none', 'host']);
export type DockerBuildNetwork = z.output<typeof dockerBuildNetworkSchema>;

/**
 * *(nxstack)* Code a custom Dockerfile receives from the language packager (as Sparta hands its
 * binary to `docker build`): built from `entryfilePath`, put into the build context, its path
 * relative to the context passed as the NXSTACK_ARTIFACT (alias SPARTA_BINARY) build arg.
 */
export const dockerfileArtifactSchema = z.strictObject({
  entryfilePath: z.string().min(1),
  languageSpecificConfig: languageSpecificConfigSchema.optional(),
  includeFiles: z.array(z.string()).optional(),
  excludeFiles: z.array(z.string()).optional(),
  excludeDependencies: z.array(z.string()).optional(),
});

/** nxstack builds the image itself from an entry file (base image per language). */
export const stacktapeImageBuildpackSchema = z.strictObject({
  type: z.literal('stacktape-image-buildpack'),
  properties: z.strictObject({
    entryfilePath: z.string().min(1),
    languageSpecificConfig: languageSpecificConfigSchema.optional(),
    requiresGlibcBinaries: z.boolean().optional(),
    customDockerBuildCommands: z.array(z.string()).optional(),
    network: dockerBuildNetworkSchema.optional(),
    includeFiles: z.array(z.string()).optional(),
    excludeFiles: z.array(z.string()).optional(),
    excludeDependencies: z.array(z.string()).optional(),
  }),
});

/** Cloud Native Buildpacks (pack-compatible builder image). */
export const externalBuildpackSchema = z.strictObject({
  type: z.literal('external-buildpack'),
  properties: z.strictObject({
    sourceDirectoryPath: z.string().min(1),
    builder: z.string().min(1).default('paketobuildpacks/builder-jammy-base'),
    buildpacks: z.array(z.string()).optional(),
    command: z.array(z.string()).optional(),
  }),
});

export const customDockerfileSchema = z.strictObject({
  type: z.literal('custom-dockerfile'),
  properties: z.strictObject({
    buildContextPath: z.string().min(1),
    dockerfilePath: z.string().min(1).optional(),
    buildArgs: z.array(z.strictObject({ argName: z.string().min(1), value: z.string() })).optional(),
    command: z.array(z.string()).optional(),
    entryPoint: z.array(z.string()).optional(),
    network: dockerBuildNetworkSchema.optional(),
    artifact: dockerfileArtifactSchema.optional(),
  }),
});

export const prebuiltImageSchema = z.strictObject({
  type: z.literal('prebuilt-image'),
  properties: z.strictObject({
    image: z.string().min(1),
    /** Secrets Manager secret whose body is `{"username": "...", "password": "..."}`. */
    repositoryCredentialsSecretArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, {
        message: 'must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account-id>:secret:<name>)',
      })
      .optional(),
    command: z.array(z.string()).optional(),
    entryPoint: z.array(z.string()).optional(),
  }),
});

/** Packaging accepted by web/private/worker services and batch jobs. */
export const imagePackagingSchema = z.discriminatedUnion('type', [
  stacktapeImageBuildpackSchema,
  externalBuildpackSchema,
  customDockerfileSchema,
  prebuiltImageSchema,
]);
export type ImagePackaging = z.output<typeof imagePackagingSchema>;
export const IMAGE_PACKAGING_TYPES: readonly string[] = imagePackagingSchema.options.map((o) => o.shape.type.value);

export type StacktapeImageBuildpackPackaging = z.output<typeof stacktapeImageBuildpackSchema>;
export type ExternalBuildpackPackaging = z.output<typeof externalBuildpackSchema>;
export type CustomDockerfilePackaging = z.output<typeof customDockerfileSchema>;
export type PrebuiltImagePackaging = z.output<typeof prebuiltImageSchema>;
