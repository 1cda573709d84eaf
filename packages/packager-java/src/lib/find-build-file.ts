import { existsSync } from 'node:fs';
import * as path from 'node:path';

export type JavaBuildTool = 'maven' | 'gradle';

export interface JavaBuildFile {
  readonly tool: JavaBuildTool;
  /** Folder the build runs in. */
  readonly buildRoot: string;
  readonly buildFile: string;
}

const GRADLE_FILES = ['build.gradle.kts', 'build.gradle'];

/** The build file named explicitly (packageManagerFile), with its tool from the file name. */
export function buildFileFromPath(file: string): JavaBuildFile | undefined {
  const name = path.basename(file);
  if (!existsSync(file)) return undefined;
  if (name === 'pom.xml' || name.endsWith('.pom.xml')) return { tool: 'maven', buildRoot: path.dirname(file), buildFile: file };
  if (name.endsWith('.gradle') || name.endsWith('.gradle.kts')) return { tool: 'gradle', buildRoot: path.dirname(file), buildFile: file };
  return undefined;
}

/**
 * Nearest build file at or above `startDir`, not above `stopDir`. Gradle wins when both exist in
 * one folder unless `useMaven` is set.
 */
export function findBuildFile(startDir: string, stopDir: string, useMaven?: boolean): JavaBuildFile | undefined {
  let dir = path.resolve(startDir);
  const stop = path.resolve(stopDir);
  for (;;) {
    const pom = path.join(dir, 'pom.xml');
    const gradle = GRADLE_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (gradle && !useMaven) return { tool: 'gradle', buildRoot: dir, buildFile: gradle };
    if (existsSync(pom)) return { tool: 'maven', buildRoot: dir, buildFile: pom };
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) return undefined;
    dir = parent;
  }
}
