import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeManifest, type ZipPackageManifest } from '../manifest';
import { writeZip, type ZipEntry } from '../zip';

/** The manifest fields only the packager knows; resource, artifact, sha256 and size come from the zip. */
export type LambdaManifestFields = Omit<ZipPackageManifest, 'kind' | 'resource' | 'artifact' | 'sha256' | 'size'>;

/** Writes the zip at the given path; returns its digest and size (writeZip, mergeZips, zipDirectory…). */
export type ZipWriter = (artifactPath: string) => Promise<{ sha256: string; size: number }>;

export interface LambdaArtifact {
  readonly outputDir: string;
  /** Absolute path of `<outputDir>/<resource>.zip`. */
  readonly artifactPath: string;
  readonly manifest: ZipPackageManifest;
}

/**
 * Writes `<outputDir>/<resource>.zip` and its manifest.json: the tail every zip packager shares.
 * `zip` is either the entries (written with writeZip) or a function writing the zip itself.
 */
export async function writeLambdaArtifact(outputDir: string, resource: string, zip: readonly ZipEntry[] | ZipWriter, fields: LambdaManifestFields): Promise<LambdaArtifact> {
  await fs.mkdir(outputDir, { recursive: true });
  const artifact = `${resource}.zip`;
  const artifactPath = path.join(outputDir, artifact);
  const written = typeof zip === 'function' ? await zip(artifactPath) : await writeZip(zip, artifactPath);
  // Key order as the packagers always wrote it: the manifest file stays byte-identical.
  const manifest: ZipPackageManifest = { kind: 'zip', resource, artifact, sha256: written.sha256, size: written.size, ...fields };
  await writeManifest(outputDir, manifest);
  return { outputDir, artifactPath, manifest };
}
