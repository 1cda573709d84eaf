import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_JDK_DIRS, listInstalledJdks, NxstackError, outputTail, selectJdk, spawnTool } from '@nxstack/core';
import type { RuntimeCommand } from './runtime-commands';

/** AWS's Java runtime interface client (Maven Central), the same code the java* runtimes run. */
export const JAVA_RIC = { groupId: 'com.amazonaws', artifactId: 'aws-lambda-java-runtime-interface-client', version: '2.10.1' } as const;
const RIC_MAIN = 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda';

/**
 * `java -cp <RIC jars> AWSLambda <handler>` on the oldest local JDK at or above the function's
 * Java version; the RIC loads the function from LAMBDA_TASK_ROOT (classes at the root, lib/*.jar).
 */
export async function javaCommand(runtime: string, handler: string, cacheDir: string, hostEnv: NodeJS.ProcessEnv): Promise<RuntimeCommand> {
  const wanted = Number(/^java(\d+)/.exec(runtime)![1]);
  const jdk = selectJdk(wanted, listInstalledJdks(DEFAULT_JDK_DIRS, hostEnv.JAVA_HOME), hostEnv.JAVA_HOME);
  if (!jdk) {
    throw new NxstackError('NXS_LOCAL_JAVA_MISSING', `No local JDK ${wanted} or newer to run the ${runtime} function with.`, {
      hint: `Install a JDK ${wanted}+ (e.g. apt-get install openjdk-${wanted}-jdk-headless) or point JAVA_HOME at one.`,
    });
  }
  const lib = await javaRicJars(cacheDir, hostEnv);
  const notes = jdk.major > wanted ? [`${runtime} runs on the local JDK ${jdk.major}.`] : [];
  // JDK 22+ warns on stderr (the function's log) when the RIC loads its JNI library unless allowed.
  const nativeAccess = jdk.major >= 22 ? ['--enable-native-access=ALL-UNNAMED'] : [];
  const argv = [path.join(jdk.home, 'bin', 'java'), ...nativeAccess, '-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1', '-cp', path.join(lib, '*'), RIC_MAIN, handler];
  return { argv, env: { JAVA_HOME: jdk.home }, notes };
}

/** The RIC and its runtime dependencies, copied once by Maven into `<cacheDir>/java-ric/<version>/lib`. */
async function javaRicJars(cacheDir: string, hostEnv: NodeJS.ProcessEnv): Promise<string> {
  const dir = path.join(cacheDir, 'java-ric', JAVA_RIC.version);
  const lib = path.join(dir, 'lib');
  const done = path.join(dir, 'complete');
  if (existsSync(done)) return lib;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'pom.xml'), ricPom());
  const argv = ['mvn', '-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'];
  const run = await spawnTool(argv, { cwd: dir, env: hostEnv });
  if (run.notFound || run.exitCode !== 0) {
    throw new NxstackError('NXS_LOCAL_JAVA_RIC_UNAVAILABLE', `Cannot fetch ${JAVA_RIC.artifactId} ${JAVA_RIC.version} with Maven${run.notFound ? ' (mvn is not on PATH)' : `:\n${outputTail(run.output)}`}`, {
      hint: `Install Maven and make Maven Central reachable; reproduce with: cd ${dir} && ${argv.join(' ')}`,
    });
  }
  await fs.writeFile(done, '');
  return lib;
}

function ricPom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>nxstack.local</groupId>
  <artifactId>java-ric</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>${JAVA_RIC.groupId}</groupId>
      <artifactId>${JAVA_RIC.artifactId}</artifactId>
      <version>${JAVA_RIC.version}</version>
    </dependency>
  </dependencies>
</project>
`;
}
