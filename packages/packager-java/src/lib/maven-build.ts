import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type JavaBuildInput, type JavaBuildOutput, REPRODUCIBLE_TIMESTAMP } from './build-types';
import { runBuildTool } from './build-failure';

// Pinned so every machine copies dependencies the same way, whatever the pom declares.
const COPY_DEPENDENCIES = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';
const LIB_DIR = path.join('target', 'nxstack-lambda-lib');

/**
 * Maven's JVM when the user sets no MAVEN_OPTS: a Lambda function's build is a short-lived JVM,
 * where C2 compilation threads cost more CPU than they save (measured on the bench's one-class
 * function: ~6 s CPU → ~3 s). The project's `.mvn/jvm.config` is appended after these by Maven's
 * launcher, so it still wins.
 */
export const SHORT_BUILD_MAVEN_OPTS = '-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** The user's MAVEN_OPTS (even empty) when set, else the short-build options. */
export function mavenOpts(env: NodeJS.ProcessEnv): string {
  return env.MAVEN_OPTS ?? SHORT_BUILD_MAVEN_OPTS;
}

/**
 * `mvn package` + copy of the runtime-scope dependency jars, compiling with --release semantics.
 * Dependencies come through ~/.m2 as Maven resolves them.
 */
export async function mavenBuild(input: JavaBuildInput): Promise<JavaBuildOutput> {
  const libDir = path.join(input.buildRoot, LIB_DIR);
  const release = String(input.release);
  const args = [
    '-B',
    '--no-transfer-progress',
    '-f',
    input.buildFile,
    // clean: the compiler plugin's staleness check ignores flags, so classes built for another
    // --release would otherwise be reused.
    'clean',
    'package',
    COPY_DEPENDENCIES,
    '-DskipTests',
    `-Dmaven.compiler.release=${release}`,
    // Old compiler plugins ignore `release`; source/target keeps them on the same language level.
    `-Dmaven.compiler.source=${release}`,
    `-Dmaven.compiler.target=${release}`,
    `-Dproject.build.outputTimestamp=${REPRODUCIBLE_TIMESTAMP}`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libDir}`,
  ];
  await runBuildTool('mvn', input.command, args, {
    cwd: input.buildRoot,
    env: { ...input.env, JAVA_HOME: input.jdkHome, MAVEN_OPTS: mavenOpts(input.env) },
    resourceName: input.resourceName,
    location: input.location,
  });
  const target = path.join(input.buildRoot, 'target');
  const pom = await fs.readFile(input.buildFile, 'utf8');
  if (pom.includes('maven-shade-plugin')) {
    const shadedJar = await findMainJar(target);
    if (shadedJar) return { rootDirs: [], shadedJar };
  }
  return { rootDirs: [path.join(target, 'classes')], libDir };
}

/** The one main jar in target/ (not original-*, -sources, -javadoc, -tests). */
async function findMainJar(target: string): Promise<string | undefined> {
  const jars = (await fs.readdir(target)).filter((f) => f.endsWith('.jar') && !f.startsWith('original-') && !/-(sources|javadoc|tests)\.jar$/.test(f));
  return jars.length === 1 ? path.join(target, jars[0]) : undefined;
}
