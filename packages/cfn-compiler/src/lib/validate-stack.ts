import { EDGE_LAMBDA_RUNTIMES, isLambdaResourceType, lambdaRuntimesFor } from '@nxstack/core';
import { compileStack } from './compile-stack';
import { contentAddressedKey } from './content-key';
import { deploymentBucketPlaceholder } from './deployment-bucket';
import { imageRepositoryPlaceholder, imageUri } from './image-uri';
import { isImagePackaging } from './lambda/lambda-image-and-vpc';
import { lambdaLanguage } from './lambda/runtimes';
import { packagedUnits } from './resource-types/registry';
import type { AnyCompiledArtifact, CompileStackOutput, LoadedStack } from './types';

export interface ValidateStackOptions {
  readonly stack: LoadedStack;
  readonly projectName: string;
  /** The stage decides what is an error: a deprecated runtime fails AWS stages, warns on `local`. */
  readonly stage: string;
  readonly region?: string;
  readonly now?: Date;
  /** `$CfStackOutput` stack-name argument → provider stack name (core's resolveStackReferences). */
  readonly stackReferences?: ReadonlyMap<string, string>;
  /** customDomains' hosted zones (deploy looks them up; validate itself does not). */
  readonly hostedZones?: ReadonlyMap<string, string>;
}

const NO_DIGEST = '0'.repeat(64);

/**
 * Compiles the whole stack before anything is packaged or published, so every config error the
 * compiler knows (references, connections, events, cycles, runtimes, overrides) fails here, with
 * its stack.yml location, and never after a publish task has touched the stage.
 *
 * Artifacts do not exist yet: each packaged resource gets a stand-in of the kind its packaging
 * produces. The stand-ins carry no config of their own (a runtime set in stack.yml wins over the
 * manifest's), so what the compiler checks is stack.yml; deploy compiles again with the real
 * manifests (the packager's default runtime is checked there).
 */
export function validateStack(opts: ValidateStackOptions): CompileStackOutput {
  return compileStack({ ...opts, artifacts: standInArtifacts(opts) });
}

function standInArtifacts(opts: ValidateStackOptions): Record<string, AnyCompiledArtifact> {
  const bucket = deploymentBucketPlaceholder(opts.projectName, opts.stage);
  const repository = imageRepositoryPlaceholder(opts.projectName, opts.stage);
  const out: Record<string, AnyCompiledArtifact> = {};
  for (const [name, config] of Object.entries(opts.stack.config.resources)) {
    const properties = (config.properties ?? {}) as Record<string, unknown>;
    const units = packagedUnits(name, config);
    if (!units.length) continue;
    const zip = (isLambdaResourceType(config.type) || config.type === 'edge-lambda-function') && !isImagePackaging(properties.packaging);
    if (zip) {
      const language = lambdaLanguage(properties, '');
      // The newest runtime of the language stands in for the packager's default (for an edge function, the newest Lambda@Edge runs).
      const runtimes = lambdaRuntimesFor(language ?? 'node').filter((r) => config.type !== 'edge-lambda-function' || (EDGE_LAMBDA_RUNTIMES as readonly string[]).includes(r));
      const runtime = runtimes.at(-1)!;
      const manifest = { kind: 'zip', resource: name, artifact: `${name}.zip`, sha256: NO_DIGEST, size: 0, handler: 'index.handler', runtime, architecture: 'x86_64', packager: 'validate' } as const;
      out[name] = { ...manifest, location: { bucket, key: contentAddressedKey(opts.projectName, name, manifest) } };
    } else {
      const digest = `sha256:${NO_DIGEST}`;
      for (const unit of units) out[unit] = { kind: 'image', resource: unit, layout: 'image', digest, size: 0, architecture: 'x86_64', packager: 'validate', location: { imageUri: imageUri(repository, digest) } };
    }
  }
  return out;
}
