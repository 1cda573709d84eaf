import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '../errors';
import type { Architecture } from '../manifest';
import { DEFAULT_LAMBDA_ARCHITECTURE } from '../model/lambda-defaults';
import { resourceOutputDir, toPosix } from '../output-paths';
import { type LambdaArtifact, writeLambdaArtifact } from '../packaging/write-lambda-artifact';
import { resolveInsideWorkspace, type InsideWorkspaceCheck } from '../workspace-path';
import { writeZip, zipDirectory, zipEntries, type ZipEntry, type ZipResult } from '../zip';

/** A `custom-artifact` Lambda packaging: a folder, a zip or a single file the user built. */
export interface PackageCustomArtifactOptions {
  /** Absolute path of the workspace root. */
  readonly workspaceRoot: string;
  /** Project folder, relative to workspaceRoot. */
  readonly projectRoot: string;
  readonly resourceName: string;
  /** Folder, `.zip` or file, relative to projectRoot. */
  readonly packagePath: string;
  /** Default `index.handler`. */
  readonly handler?: string;
  /** Default `nodejs24.x`. */
  readonly runtime?: string;
  /** Default `x86_64`. */
  readonly architecture?: Architecture;
  /** Output folder relative to workspaceRoot (default `dist/stack/<projectRoot>/<resourceName>`). */
  readonly outputPath?: string;
  /** stack.yml location of packagePath, for errors. */
  readonly packagePathLocation?: SourceLocation;
}

export type PackageCustomArtifactResult = LambdaArtifact;

export const DEFAULT_CUSTOM_ARTIFACT_HANDLER = 'index.handler';
export const DEFAULT_CUSTOM_ARTIFACT_RUNTIME = 'nodejs24.x';

/**
 * Re-writes a user's zip through writeZip: the same files give the same bytes however (and
 * whenever) the zip was made, so the content digest changes only when a file changes. Entries
 * are inflated as they are written (large ones streamed), never the whole zip in memory.
 */
async function rewriteZip(file: string, outFile: string): Promise<ZipResult> {
  const entries: ZipEntry[] = (await zipEntries(file))
    .filter((e) => !e.isDirectory)
    .map((e) => ({ path: e.path.replace(/^\.\//, ''), mode: e.mode, size: e.size, source: e.source, open: () => e.open() }));
  return writeZip(entries, outFile);
}

/** A lone file (a binary, a script) lands at the zip root, keeping its execute bit. */
async function zipSingleFile(file: string, mode: number, outFile: string): Promise<ZipResult> {
  return writeZip([{ path: path.basename(file), mode, sourceFile: file }], outFile);
}

/** Packages a prebuilt artifact into `<outputDir>/<resource>.zip` + manifest.json. */
export async function packageCustomArtifact(options: PackageCustomArtifactOptions): Promise<PackageCustomArtifactResult> {
  const workspaceRoot = path.resolve(options.workspaceRoot);
  const projectRoot = options.projectRoot || '.';
  if (!options.packagePath) {
    throw new NxstackError('NXS_ARTIFACT_PATH_MISSING', `Resource ${options.resourceName} uses custom-artifact packaging without packagePath.`, {
      hint: 'Set packaging.properties.packagePath to a folder, .zip or file relative to the project root.',
    });
  }
  // packagePath and every file under it (symlinks followed) must stay inside the workspace.
  const inside: InsideWorkspaceCheck = { workspaceRoot, what: 'packagePath', location: options.packagePathLocation };
  const source = resolveInsideWorkspace(path.resolve(workspaceRoot, projectRoot), options.packagePath, inside);
  const shown = toPosix(path.relative(workspaceRoot, source));
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat) {
    throw new NxstackError('NXS_ARTIFACT_NOT_FOUND', `packagePath ${options.packagePath} of ${options.resourceName} does not exist (${shown}).`, {
      location: options.packagePathLocation ?? { file: shown },
      hint: 'packagePath is relative to the project root (the folder holding stack.yml); build the artifact before packaging, e.g. with a dependsOn build target.',
    });
  }
  const outputDir = path.resolve(workspaceRoot, options.outputPath ?? resourceOutputDir(projectRoot, options.resourceName));
  const artifactPath = path.join(outputDir, `${options.resourceName}.zip`);
  if (stat.isDirectory() && path.relative(source, artifactPath).split(path.sep)[0] !== '..') {
    throw new NxstackError('NXS_ARTIFACT_OUTPUT_INSIDE_SOURCE', `The output ${artifactPath} lies inside packagePath ${source}.`, {
      hint: 'Point packagePath at the build output folder only, or set outputPath elsewhere.',
    });
  }
  const writeArtifact = async (outFile: string): Promise<ZipResult> => {
    const zip = stat.isDirectory()
      ? await zipDirectory(source, outFile, { insideWorkspace: { ...inside, what: 'a file under packagePath' } })
      : source.toLowerCase().endsWith('.zip')
        ? await rewriteZip(source, outFile)
        : await zipSingleFile(source, stat.mode, outFile);
    if (zip.entries === 0) {
      throw new NxstackError('NXS_ARTIFACT_EMPTY', `packagePath ${options.packagePath} of ${options.resourceName} holds no files.`, {
        location: { file: shown },
        hint: 'Build the artifact first; an empty Lambda package cannot run.',
      });
    }
    return zip;
  };
  return writeLambdaArtifact(outputDir, options.resourceName, writeArtifact, {
    handler: options.handler || DEFAULT_CUSTOM_ARTIFACT_HANDLER,
    runtime: options.runtime || DEFAULT_CUSTOM_ARTIFACT_RUNTIME,
    architecture: options.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE,
    packager: 'custom-artifact',
  });
}
