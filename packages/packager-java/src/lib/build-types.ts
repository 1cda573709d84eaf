import type { SourceLocation } from '@nxstack/core';

/** What a build tool leaves for the Lambda zip. */
export interface JavaBuildOutput {
  /** Folders whose files go to the zip root (compiled classes, resources). */
  readonly rootDirs: readonly string[];
  /** Folder of runtime dependency jars, zipped under lib/. */
  readonly libDir?: string;
  /** A shaded/uber jar the project builds itself; zipped alone under lib/. */
  readonly shadedJar?: string;
}

export interface JavaBuildInput {
  readonly buildRoot: string;
  readonly buildFile: string;
  readonly release: number;
  readonly jdkHome: string;
  readonly env: NodeJS.ProcessEnv;
  /** Executable to run (mvn, gradle, or the project's gradlew). */
  readonly command: string;
  readonly resourceName: string;
  readonly location: SourceLocation;
}

// Fixed archive timestamp for reproducible jars (the earliest a zip can hold, +2 s for DOS rounding).
export const REPRODUCIBLE_TIMESTAMP = '1980-01-01T00:00:02Z';
