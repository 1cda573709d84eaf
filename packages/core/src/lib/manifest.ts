import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError } from './errors';

export type Architecture = 'x86_64' | 'arm64';

/** What every `package--<resource>` task leaves beside its artifact, read by publish/deploy. */
export interface ZipPackageManifest {
  readonly kind: 'zip';
  readonly resource: string;
  /** Artifact file name inside the output folder, e.g. `myLambda.zip`. */
  readonly artifact: string;
  /** Lowercase hex sha256 of the artifact bytes. */
  readonly sha256: string;
  readonly size: number;
  /** Lambda handler string (`index.handler`, `app.handler`, `pkg.Class::handleRequest`, `bootstrap`). */
  readonly handler: string;
  readonly runtime: string;
  readonly architecture: Architecture;
  /** Environment the packager needs at run time (e.g. NODE_OPTIONS=--enable-source-maps). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Language packager that produced it (node, python, java, go, custom-artifact). */
  readonly packager: string;
}

export interface ImagePackageManifest {
  readonly kind: 'image';
  readonly resource: string;
  /** OCI image layout folder (relative to the manifest) holding the built image. */
  readonly layout: string;
  /** sha256:… digest of the image manifest. */
  readonly digest: string;
  readonly size: number;
  readonly architecture: Architecture;
  readonly packager: string;
  /** Repository:tag the image asks to be pushed to (custom Dockerfile label), if any. */
  readonly targetRepository?: string;
}

export type PackageManifest = ZipPackageManifest | ImagePackageManifest;

export const MANIFEST_FILE = 'manifest.json';

export async function writeManifest(outputDir: string, manifest: PackageManifest): Promise<void> {
  await fs.mkdir(outputDir, { recursive: true });
  await fs.writeFile(path.join(outputDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

export async function readManifest(outputDir: string): Promise<PackageManifest> {
  const file = path.join(outputDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    throw new NxstackError('NXS_MANIFEST_MISSING', `No package manifest at ${file}.`, {
      location: { file },
      hint: 'Run the package--<resource> target first (nx run <project>:package--<resource>).',
      cause,
    });
  }
  try {
    return JSON.parse(text) as PackageManifest;
  } catch (cause) {
    throw new NxstackError('NXS_MANIFEST_INVALID', `Package manifest ${file} is not valid JSON.`, {
      location: { file },
      hint: 'Delete the folder and package the resource again.',
      cause,
    });
  }
}
