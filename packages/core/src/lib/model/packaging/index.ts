import { z } from 'zod';
import { customArtifactSchema } from './custom-artifact';
import { stacktapeLambdaBuildpackSchema } from './stacktape-lambda-buildpack';

export * from './custom-artifact';
export * from './stacktape-lambda-buildpack';
export * from './language';
export * from './image-packaging';

/** Packaging accepted by `function` and `deployment-script`. Add new Lambda packagings here. */
export const lambdaPackagingSchema = z.discriminatedUnion('type', [stacktapeLambdaBuildpackSchema, customArtifactSchema]);
export type LambdaPackaging = z.output<typeof lambdaPackagingSchema>;
export const LAMBDA_PACKAGING_TYPES = lambdaPackagingSchema.options.map((o) => o.shape.type.value);
