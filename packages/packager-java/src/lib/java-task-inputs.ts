import * as path from 'node:path';
import { toPosix } from '@nxstack/core';
import { findBuildFile } from './find-build-file';

/** An Nx task input: a file set string, or a runtime command / env variable whose value is hashed. */
export type TaskInput = string | { readonly runtime: string } | { readonly env: string };

const BUILD_FILES = [
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'gradle.properties',
  'gradle.lockfile',
  'gradle/libs.versions.toml',
  'gradle/wrapper/gradle-wrapper.properties',
];

/**
 * What a Java package task depends on: the build files (which pin dependency versions) and the
 * sources/resources of the build root, plus the env that picks the JDK and the build tool setup.
 * `projectRoot` and `entry` as in stack.yml; `workspaceRoot` is where they are resolved from.
 */
export function javaTaskInputs(projectRoot: string, entry: string, workspaceRoot = '.', useMaven?: boolean): TaskInput[] {
  const root = path.resolve(workspaceRoot);
  const entryDir = path.dirname(path.resolve(root, projectRoot, entry));
  const build = findBuildFile(entryDir, root, useMaven);
  const rel = toPosix(path.relative(root, build?.buildRoot ?? path.resolve(root, projectRoot)));
  const at = (p: string) => (rel ? `{workspaceRoot}/${rel}/${p}` : `{workspaceRoot}/${p}`);
  return [...BUILD_FILES.map(at), at('src/main/**/*'), { env: 'JAVA_HOME' }, { env: 'MAVEN_OPTS' }];
}
