import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  type BuildpackPackageOptions,
  type LambdaArtifact,
  type SourceLocation,
  type ZipEntry,
  DEFAULT_LAMBDA_ARCHITECTURE,
  NxstackError,
  listFiles,
  resolveInsideWorkspace,
  resourceOutputDir,
  writeLambdaArtifact,
} from '@nxstack/core';
import type { JavaBuildOutput } from './build-types';
import { type JavaBuildFile, buildFileFromPath, findBuildFile } from './find-build-file';
import { gradleBuild } from './gradle-build';
import { javaHandlerFor } from './java-handler';
import { resolveJdk, resolveJavaRelease } from './java-version';
import { mavenBuild } from './maven-build';

/** stack.yml fields an error can point at. */
export type JavaPackagingField = 'resource' | 'entryfilePath' | 'handlerFunction' | 'runtime' | 'architecture' | 'javaVersion' | 'packageManagerFile' | 'useMaven';

export interface JavaLanguageConfig {
  /** Build with Maven even when a Gradle build file exists. */
  readonly useMaven?: boolean;
  /** pom.xml / build.gradle(.kts), relative to the project root; default: nearest above the entry. */
  readonly packageManagerFile?: string;
  /** 11, 17 or 21 (default 21, or the runtime's version). */
  readonly javaVersion?: number | string;
}

/** entryfilePath is the handler's .java file, or the build file (then handlerFunction is the full handler). */
export interface JavaPackageOptions extends BuildpackPackageOptions<JavaLanguageConfig> {
  /** Handler method (default handleRequest), or a full `pkg.Class::method`; runtime defaults to java<javaVersion>. */
  readonly handlerFunction?: string;
  /** Environment for the build tool (PATH, HOME, JAVA_HOME, MAVEN_OPTS…); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Folders searched for JDKs besides JAVA_HOME (default DEFAULT_JDK_DIRS). */
  readonly jdkDirs?: readonly string[];
  /** Executables; default `mvn`, and the project's gradlew or `gradle`. */
  readonly mavenCommand?: string;
  readonly gradleCommand?: string;
  readonly locate?: (field: JavaPackagingField) => SourceLocation | undefined;
}

export interface JavaPackageResult extends LambdaArtifact {
  readonly buildTool: 'maven' | 'gradle';
  /** JDK the code was compiled with. */
  readonly jdkHome: string;
}

/** Builds a Java Lambda with the project's own build tool and zips classes at the root + lib/*.jar. */
export async function packageJava(options: JavaPackageOptions): Promise<JavaPackageResult> {
  const where = (field: JavaPackagingField): SourceLocation =>
    options.locate?.(field) ?? options.locate?.('resource') ?? { file: path.posix.join(options.projectRoot, options.entryfilePath) };
  const env = options.env ?? process.env;
  const lang = options.languageSpecificConfig ?? {};
  const { release, runtime } = resolveJavaRelease(lang.javaVersion, options.runtime, where);
  const projectDir = path.resolve(options.workspaceRoot, options.projectRoot);
  const entryFile = resolveInsideWorkspace(projectDir, options.entryfilePath, { workspaceRoot: options.workspaceRoot, what: 'entryfilePath', location: where('entryfilePath') });
  if (!existsSync(entryFile)) {
    throw new NxstackError('NXS_JAVA_ENTRY_MISSING', `Java entry file ${options.entryfilePath} does not exist in ${options.projectRoot}.`, {
      location: where('entryfilePath'),
      hint: 'entryfilePath is relative to the folder of stack.yml and names the handler class, e.g. src/main/java/com/example/Handler.java.',
    });
  }
  const build = locateBuild(options, projectDir, entryFile, where);
  const handler = await resolveHandler(entryFile, options, where);
  const jdk = resolveJdk(release, options.jdkDirs, env, where);

  const input = {
    buildRoot: build.buildRoot,
    buildFile: build.buildFile,
    release,
    jdkHome: jdk.home,
    env,
    resourceName: options.resourceName,
    location: where('entryfilePath'),
  };
  const output =
    build.tool === 'maven'
      ? await mavenBuild({ ...input, command: options.mavenCommand ?? 'mvn' })
      : await gradleBuild({ ...input, command: options.gradleCommand ?? gradleCommandFor(build.buildRoot) });

  const entries = await zipEntries(output, projectDir, options);
  const outputDir = path.resolve(options.workspaceRoot, options.outputPath ?? resourceOutputDir(options.projectRoot, options.resourceName));
  const artifact = await writeLambdaArtifact(outputDir, options.resourceName, entries, { handler, runtime, architecture: options.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE, packager: 'java' });
  return { ...artifact, buildTool: build.tool, jdkHome: jdk.home };
}

function locateBuild(options: JavaPackageOptions, projectDir: string, entryFile: string, where: (f: JavaPackagingField) => SourceLocation): JavaBuildFile {
  const lang = options.languageSpecificConfig ?? {};
  const entryAsBuildFile = entryFile.endsWith('.java') ? undefined : buildFileFromPath(entryFile);
  if (entryAsBuildFile && !lang.packageManagerFile) return entryAsBuildFile;
  if (lang.packageManagerFile) {
    const found = buildFileFromPath(resolveInsideWorkspace(projectDir, lang.packageManagerFile, { workspaceRoot: options.workspaceRoot, what: 'packageManagerFile', location: where('packageManagerFile') }));
    if (!found) {
      throw new NxstackError('NXS_JAVA_BUILD_FILE_MISSING', `packageManagerFile ${lang.packageManagerFile} is not a pom.xml or build.gradle(.kts) that exists.`, {
        location: where('packageManagerFile'),
        hint: 'Give the path of pom.xml or build.gradle(.kts) relative to the folder of stack.yml.',
      });
    }
    return found;
  }
  const found = findBuildFile(path.dirname(entryFile), options.workspaceRoot, lang.useMaven);
  if (!found) {
    throw new NxstackError('NXS_JAVA_BUILD_FILE_MISSING', `No ${lang.useMaven ? 'pom.xml' : 'pom.xml or build.gradle(.kts)'} at or above ${path.relative(options.workspaceRoot, path.dirname(entryFile)) || '.'}.`, {
      location: where(lang.useMaven ? 'useMaven' : 'entryfilePath'),
      hint: 'Java functions are built by Maven or Gradle: add a pom.xml or build.gradle to the project, or set languageSpecificConfig.packageManagerFile.',
    });
  }
  return found;
}

async function resolveHandler(entryFile: string, options: JavaPackageOptions, where: (f: JavaPackagingField) => SourceLocation): Promise<string> {
  const method = options.handlerFunction ?? 'handleRequest';
  // A full `pkg.Class::method` is taken as is (the way to name the handler when the entry is a build file).
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*::[A-Za-z_$][\w$]*$/.test(method)) return method;
  if (!/^[A-Za-z_$][\w$]*$/.test(method)) {
    throw new NxstackError('NXS_JAVA_HANDLER_INVALID', `handlerFunction '${method}' is not a Java method name.`, {
      location: where('handlerFunction'),
      hint: "Name the method (e.g. 'handleRequest'; the class comes from entryfilePath) or the full handler 'com.example.Handler::handleRequest'.",
    });
  }
  const handler = entryFile.endsWith('.java') ? await javaHandlerFor(entryFile, method) : undefined;
  if (!handler) {
    throw new NxstackError('NXS_JAVA_HANDLER_INVALID', `Cannot derive the handler class from ${options.entryfilePath}.`, {
      location: where('entryfilePath'),
      hint: "Point entryfilePath at the handler class source (e.g. src/main/java/com/example/Handler.java), or set handlerFunction to the full 'com.example.Handler::handleRequest'.",
    });
  }
  return handler;
}

function gradleCommandFor(buildRoot: string): string {
  const wrapper = path.join(buildRoot, process.platform === 'win32' ? 'gradlew.bat' : 'gradlew');
  return existsSync(wrapper) ? wrapper : 'gradle';
}

async function zipEntries(output: JavaBuildOutput, projectDir: string, options: JavaPackageOptions): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  if (output.shadedJar) entries.push({ path: `lib/${path.basename(output.shadedJar)}`, sourceFile: output.shadedJar });
  for (const dir of output.rootDirs) {
    for (const f of await listFiles(dir)) entries.push({ path: f.path, sourceFile: f.absolutePath, mode: f.mode });
  }
  if (output.libDir && existsSync(output.libDir)) {
    for (const f of await listFiles(output.libDir, { include: ['*.jar'] })) entries.push({ path: `lib/${f.path}`, sourceFile: f.absolutePath });
  }
  if (options.includeFiles?.length) {
    const taken = new Set(entries.map((e) => e.path));
    for (const f of await listFiles(projectDir, { include: options.includeFiles, exclude: options.excludeFiles, insideWorkspace: { workspaceRoot: options.workspaceRoot, what: 'includeFiles match' } })) {
      if (!taken.has(f.path)) entries.push({ path: f.path, sourceFile: f.absolutePath, mode: f.mode });
    }
  }
  return entries;
}
