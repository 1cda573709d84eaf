import { NxstackError, type SourceLocation } from '@nxstack/core';
import { ToolNotFoundError, type ToolRun, outputTail, runTool } from './run-tool';

const INSTALL_HINTS: Record<string, string> = {
  mvn: 'Install Maven 3.6+ (`apt-get install maven`, `brew install maven`, or https://maven.apache.org/download.cgi) and make sure `mvn -v` works.',
  gradle: 'Install Gradle 8+ (https://gradle.org/install, `sdk install gradle`, `brew install gradle`) or commit the Gradle wrapper (gradlew) to the project.',
};

/** Runs a build tool; a missing executable or a failed build becomes an NxstackError with the output tail. */
export async function runBuildTool(
  tool: 'mvn' | 'gradle',
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; resourceName: string; location: SourceLocation },
): Promise<ToolRun> {
  let run: ToolRun;
  try {
    run = await runTool(command, args, { cwd: opts.cwd, env: opts.env });
  } catch (e) {
    if (e instanceof ToolNotFoundError) {
      throw new NxstackError('NXS_JAVA_TOOLCHAIN_MISSING', `The ${tool === 'mvn' ? 'Maven' : 'Gradle'} executable '${command}' was not found.`, {
        location: opts.location,
        hint: INSTALL_HINTS[tool],
      });
    }
    throw e;
  }
  if (run.exitCode !== 0) {
    throw new NxstackError('NXS_JAVA_BUILD_FAILED', `${tool} failed for ${opts.resourceName} (exit ${run.exitCode}):\n${outputTail(run.output)}`, {
      location: opts.location,
      hint: `Reproduce with: cd ${opts.cwd} && ${command} ${args.join(' ')}`,
    });
  }
  return run;
}
