// Public API of @nxstack/packager-java.
export { packageJava, type JavaPackageOptions, type JavaPackageResult, type JavaLanguageConfig, type JavaPackagingField } from './lib/package-java';
export { javaHandlerFor } from './lib/java-handler';
export { findBuildFile, buildFileFromPath, type JavaBuildFile, type JavaBuildTool } from './lib/find-build-file';
export { listInstalledJdks, selectJdk, jdkMajor, DEFAULT_JDK_DIRS, type InstalledJdk } from './lib/jdk-select';
export { resolveJavaRelease, SUPPORTED_JAVA_VERSIONS } from './lib/java-version';
export { resolveJavaOptions } from './lib/resolve-options';
export type { JavaPackageExecutorSchema } from './executors/package/schema';
