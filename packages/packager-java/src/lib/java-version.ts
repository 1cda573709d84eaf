import { NxstackError, type SourceLocation } from '@nxstack/core';
import { DEFAULT_JDK_DIRS, type InstalledJdk, listInstalledJdks, selectJdk } from './jdk-select';

export const SUPPORTED_JAVA_VERSIONS = [11, 17, 21];
const DEFAULT_JAVA_VERSION = 21;

type Where = (field: 'javaVersion' | 'runtime') => SourceLocation;

/** javaVersion + runtime → the --release to compile for and the Lambda runtime (they must agree). */
export function resolveJavaRelease(javaVersion: number | string | undefined, runtime: string | undefined, where: Where): { release: number; runtime: string } {
  const runtimeVersion = runtime === undefined ? undefined : /^java(\d+)(?:\.al2)?$/.exec(runtime)?.[1];
  if (runtime !== undefined && runtimeVersion === undefined) {
    throw new NxstackError('NXS_JAVA_UNSUPPORTED_RUNTIME', `Runtime '${runtime}' is not a Java Lambda runtime.`, {
      location: where('runtime'),
      hint: `Use ${SUPPORTED_JAVA_VERSIONS.map((v) => `java${v}`).join(', ')} or leave runtime out.`,
    });
  }
  const release = Number(javaVersion ?? runtimeVersion ?? DEFAULT_JAVA_VERSION);
  if (!SUPPORTED_JAVA_VERSIONS.includes(release)) {
    throw new NxstackError('NXS_JAVA_VERSION_UNSUPPORTED', `javaVersion ${String(javaVersion ?? runtimeVersion)} is not supported.`, {
      location: where(javaVersion !== undefined ? 'javaVersion' : 'runtime'),
      hint: `Use one of ${SUPPORTED_JAVA_VERSIONS.join(', ')} (the Lambda Java runtimes).`,
    });
  }
  if (runtimeVersion !== undefined && Number(runtimeVersion) < release) {
    throw new NxstackError('NXS_JAVA_VERSION_UNSUPPORTED', `Classes compiled for Java ${release} cannot run on runtime ${runtime}.`, {
      location: where('runtime'),
      hint: `Set runtime to java${release}, or javaVersion to ${runtimeVersion}.`,
    });
  }
  return { release, runtime: runtime ?? `java${release}` };
}

/** A JDK that can compile --release <release>, or an error saying which JDKs exist. */
export function resolveJdk(release: number, jdkDirs: readonly string[] | undefined, env: NodeJS.ProcessEnv, where: Where): InstalledJdk {
  const jdks = listInstalledJdks(jdkDirs ?? DEFAULT_JDK_DIRS, env.JAVA_HOME);
  const jdk = selectJdk(release, jdks, env.JAVA_HOME);
  if (!jdk) {
    const found = jdks.length ? jdks.map((j) => `${j.major} (${j.home})`).join(', ') : 'none';
    throw new NxstackError(
      jdks.length ? 'NXS_JAVA_VERSION_UNAVAILABLE' : 'NXS_JAVA_TOOLCHAIN_MISSING',
      `javaVersion ${release} needs a JDK ${release} or newer; installed JDKs: ${found}.`,
      {
        location: where('javaVersion'),
        hint: `Install JDK ${release} (e.g. \`apt-get install openjdk-${release}-jdk\` or Temurin ${release}) and/or point JAVA_HOME at it, or lower languageSpecificConfig.javaVersion.`,
      },
    );
  }
  return jdk;
}
