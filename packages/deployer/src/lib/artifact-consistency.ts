/**
 * An artifact must have been built for what the stack deploys: a manifest that says x86_64 under
 * a template that says arm64 (a stale cache entry, a hand-written target overriding stack.yml)
 * deploys a function that crashes at its first invoke. Checked before any AWS call or upload.
 */
import * as path from 'node:path';
import { MANIFEST_FILE, NxstackError, type PackageManifest, resourceOutputDir, type SourceLocation, type LoadedStack } from '@nxstack/core';
import { logicalId } from '@nxstack/cfn-compiler';

/** What the stack deploys a resource's code as; undefined = not set (anything goes). */
export interface DeployedCodeSettings {
  readonly architecture?: string;
  readonly runtime?: string;
}

/** Architecture and runtime of a resource's Lambda function in a compiled template; undefined when it compiles to none. */
export function lambdaSettingsInTemplate(template: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }, resource: string): DeployedCodeSettings | undefined {
  const fn = template.Resources?.[logicalId(resource, 'Function')];
  if (fn?.Type !== 'AWS::Lambda::Function') return undefined;
  const architectures = fn.Properties?.['Architectures'];
  const runtime = fn.Properties?.['Runtime'];
  return {
    architecture: Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : undefined,
    runtime: typeof runtime === 'string' ? runtime : undefined,
  };
}

/** Architecture and runtime stack.yml gives a resource (the compiler lets both win over the manifest). */
export function lambdaSettingsInStack(stack: LoadedStack, resource: string): DeployedCodeSettings | undefined {
  const props = stack.config.resources[resource]?.properties as Record<string, unknown> | undefined;
  if (!props) return undefined;
  return {
    architecture: typeof props['architecture'] === 'string' ? props['architecture'] : undefined,
    runtime: typeof props['runtime'] === 'string' ? props['runtime'] : undefined,
  };
}

export interface ArtifactCheckInput {
  readonly resource: string;
  readonly projectName: string;
  readonly manifest: PackageManifest;
  /** manifest.json path, shown in the message. */
  readonly manifestFile: string;
  readonly expected: DeployedCodeSettings;
  readonly stack: LoadedStack;
  /** What the expectation was read from, for the message: 'the compiled template' or 'stack.yml'. */
  readonly source: string;
}

/** Throws NXS_ARTIFACT_MISMATCH when the manifest's architecture or runtime differs from what the stack deploys. */
export function assertArtifactMatches(input: ArtifactCheckInput): void {
  const { manifest, expected } = input;
  const runtime = manifest.kind === 'zip' ? manifest.runtime : undefined;
  const field = expected.architecture !== undefined && manifest.architecture !== expected.architecture ? 'architecture' : expected.runtime !== undefined && runtime !== undefined && runtime !== expected.runtime ? 'runtime' : undefined;
  if (!field) return;
  const built = field === 'architecture' ? manifest.architecture : runtime;
  const location: SourceLocation = input.stack.locate(['resources', input.resource, 'properties', field]);
  throw new NxstackError(
    'NXS_ARTIFACT_MISMATCH',
    `Artifact of resource '${input.resource}' was built for ${field} '${built}' (${input.manifestFile}), but ${input.source} deploys it as ${field} '${expected[field]}'.`,
    {
      location,
      hint: `Package it again from stack.yml: nx run ${input.projectName}:package--${input.resource} --skip-nx-cache (a project.json target that sets ${field} overrides stack.yml; remove that option, or clear the cache with nx reset).`,
    },
  );
}

export interface TemplateCheckInput {
  readonly stack: LoadedStack;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly template: Parameters<typeof lambdaSettingsInTemplate>[0];
  /** Manifest of every packaged resource (zips and images) the template was compiled with. */
  readonly manifests: Readonly<Record<string, PackageManifest>>;
}

/** Every packaged Lambda's manifest against its function in the compiled template. */
export function assertArtifactsMatchTemplate(input: TemplateCheckInput): void {
  for (const [resource, manifest] of Object.entries(input.manifests)) {
    const expected = lambdaSettingsInTemplate(input.template, resource);
    if (!expected) continue;
    const manifestFile = path.posix.join(resourceOutputDir(input.projectRoot, resource), MANIFEST_FILE);
    assertArtifactMatches({ resource, projectName: input.projectName, manifest, manifestFile, expected, stack: input.stack, source: 'the compiled template' });
  }
}
