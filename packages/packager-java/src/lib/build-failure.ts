import { type SourceLocation, type ToolRun, runTool } from '@nxstack/core';

const TOOLS = {
  mvn: {
    name: 'Maven',
    installHint: 'Install Maven 3.6+ (`apt-get install maven`, `brew install maven`, or https://maven.apache.org/download.cgi) and make sure `mvn -v` works.',
  },
  gradle: {
    name: 'Gradle',
    installHint: 'Install Gradle 8+ (https://gradle.org/install, `sdk install gradle`, `brew install gradle`) or commit the Gradle wrapper (gradlew) to the project.',
  },
};

/** Runs a build tool; a missing executable or a failed build becomes an NxstackError with the output tail. */
export function runBuildTool(
  tool: 'mvn' | 'gradle',
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; resourceName: string; location: SourceLocation },
): Promise<ToolRun> {
  return runTool([command, ...args], { ...opts, toolName: TOOLS[tool].name, installHint: TOOLS[tool].installHint, codePrefix: 'NXS_JAVA', action: tool });
}
