import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type Architecture,
  type SourceLocation,
  type ZipEntry,
  type ZipPackageManifest,
  NxstackError,
  listFiles,
  resourceOutputDir,
  writeManifest,
  writeZip,
} from '@nxstack/core';
import { findGoModuleRoot } from './find-module-root';
import { ToolNotFoundError, outputTail, runTool } from './run-tool';

/** stack.yml fields an error can point at. */
export type GoPackagingField = 'resource' | 'entryfilePath' | 'runtime' | 'architecture';

export interface GoPackageOptions {
  readonly workspaceRoot: string;
  /** Project folder, relative to the workspace root (where stack.yml lives). */
  readonly projectRoot: string;
  readonly resourceName: string;
  /** A .go file of the main package, relative to the project root. */
  readonly entryfilePath: string;
  /** Default x86_64. */
  readonly architecture?: Architecture;
  /** Default provided.al2023. */
  readonly runtime?: string;
  /** Extra files copied to the zip (globs relative to the project root). */
  readonly includeFiles?: readonly string[];
  readonly excludeFiles?: readonly string[];
  /** Output folder relative to the workspace root; default dist/stack/<projectRoot>/<resource>. */
  readonly outputPath?: string;
  /** Environment for `go` (PATH, HOME, GOPROXY, GOFLAGS…); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The go executable; default `go` from PATH. */
  readonly goCommand?: string;
  /** Where in stack.yml a field was written, for error messages. */
  readonly locate?: (field: GoPackagingField) => SourceLocation | undefined;
}

export interface GoPackageResult {
  readonly outputDir: string;
  readonly artifactPath: string;
  readonly manifest: ZipPackageManifest;
}

const GO_RUNTIMES = ['provided.al2023', 'provided.al2'];
const GOARCH: Record<Architecture, string> = { x86_64: 'amd64', arm64: 'arm64' };

/** Cross-compiles the entry's main package to a static linux `bootstrap` and zips it reproducibly. */
export async function packageGo(options: GoPackageOptions): Promise<GoPackageResult> {
  const where = (field: GoPackagingField): SourceLocation =>
    options.locate?.(field) ?? options.locate?.('resource') ?? { file: path.posix.join(options.projectRoot, options.entryfilePath) };
  const architecture = options.architecture ?? 'x86_64';
  if (!(architecture in GOARCH)) {
    throw new NxstackError('NXS_GO_UNSUPPORTED_ARCHITECTURE', `Architecture '${architecture}' is not supported for Go functions.`, {
      location: where('architecture'),
      hint: "Use 'x86_64' (default) or 'arm64'.",
    });
  }
  const runtime = options.runtime ?? 'provided.al2023';
  if (!GO_RUNTIMES.includes(runtime)) {
    throw new NxstackError('NXS_GO_UNSUPPORTED_RUNTIME', `Runtime '${runtime}' cannot run a Go bootstrap binary.`, {
      location: where('runtime'),
      hint: "Use runtime 'provided.al2023' (default) or 'provided.al2'; the go1.x runtime is retired.",
    });
  }
  const projectDir = path.resolve(options.workspaceRoot, options.projectRoot);
  const entryFile = path.resolve(projectDir, options.entryfilePath);
  if (!entryFile.endsWith('.go') || !existsSync(entryFile)) {
    throw new NxstackError('NXS_GO_ENTRY_MISSING', `Go entry file ${options.entryfilePath} does not exist in ${options.projectRoot}.`, {
      location: where('entryfilePath'),
      hint: 'entryfilePath is relative to the folder of stack.yml and must name a .go file of a `package main`.',
    });
  }
  const packageDir = path.dirname(entryFile);
  const moduleRoot = findGoModuleRoot(packageDir);
  if (!moduleRoot) {
    throw new NxstackError('NXS_GO_MODULE_MISSING', `No go.mod at or above ${path.relative(options.workspaceRoot, packageDir) || '.'}.`, {
      location: where('entryfilePath'),
      hint: 'Create one with `go mod init <module-path>` in the project folder, then `go mod tidy`.',
    });
  }

  const buildDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-go-'));
  try {
    const binary = path.join(buildDir, 'bootstrap');
    await goBuild({ ...options, moduleRoot, packageDir, binary, goarch: GOARCH[architecture], where });
    const entries: ZipEntry[] = [{ path: 'bootstrap', sourceFile: binary, mode: 0o755 }];
    if (options.includeFiles?.length) {
      const extra = await listFiles(projectDir, { include: options.includeFiles, exclude: options.excludeFiles });
      entries.push(...extra.filter((f) => f.path !== 'bootstrap').map((f) => ({ path: f.path, sourceFile: f.absolutePath, mode: f.mode })));
    }
    const outputDir = path.resolve(options.workspaceRoot, options.outputPath ?? resourceOutputDir(options.projectRoot, options.resourceName));
    await fs.mkdir(outputDir, { recursive: true });
    const artifact = `${options.resourceName}.zip`;
    const artifactPath = path.join(outputDir, artifact);
    const zip = await writeZip(entries, artifactPath);
    const manifest: ZipPackageManifest = {
      kind: 'zip',
      resource: options.resourceName,
      artifact,
      sha256: zip.sha256,
      size: zip.size,
      handler: 'bootstrap',
      runtime,
      architecture,
      packager: 'go',
    };
    await writeManifest(outputDir, manifest);
    return { outputDir, artifactPath, manifest };
  } finally {
    await fs.rm(buildDir, { recursive: true, force: true });
  }
}

interface GoBuildInput extends GoPackageOptions {
  readonly moduleRoot: string;
  readonly packageDir: string;
  readonly binary: string;
  readonly goarch: string;
  readonly where: (field: GoPackagingField) => SourceLocation;
}

async function goBuild(input: GoBuildInput): Promise<void> {
  const goCommand = input.goCommand ?? 'go';
  const relPackage = path.relative(input.moduleRoot, input.packageDir).split(path.sep).join('/');
  const args = [
    'build',
    '-trimpath',
    '-buildvcs=false',
    '-tags',
    'lambda.norpc',
    // Empty build id + stripped symbols: the same source gives the same bytes on every machine.
    '-ldflags=-s -w -buildid=',
    '-o',
    input.binary,
    relPackage ? `./${relPackage}` : '.',
  ];
  const env = { ...(input.env ?? process.env), GOOS: 'linux', GOARCH: input.goarch, CGO_ENABLED: '0' };
  let run;
  try {
    run = await runTool(goCommand, args, { cwd: input.moduleRoot, env });
  } catch (e) {
    if (e instanceof ToolNotFoundError) {
      throw new NxstackError('NXS_GO_TOOLCHAIN_MISSING', `The Go toolchain ('${goCommand}') is not on PATH.`, {
        location: input.where('entryfilePath'),
        hint: 'Install Go 1.21 or newer (https://go.dev/dl, or `apt-get install golang`) and make sure `go version` works in this shell.',
      });
    }
    throw e;
  }
  if (run.exitCode !== 0) {
    throw new NxstackError('NXS_GO_BUILD_FAILED', `go build failed for ${input.resourceName} (exit ${run.exitCode}):\n${outputTail(run.output)}`, {
      location: input.where('entryfilePath'),
      hint: `Reproduce with: cd ${input.moduleRoot} && GOOS=linux GOARCH=${input.goarch} CGO_ENABLED=0 go build ${args.slice(1, -3).join(' ')} ${args[args.length - 1]}`,
    });
  }
  // For a library package go build -o writes an ar archive (or nothing), not an ELF executable.
  if (!(await isElf(input.binary))) {
    throw new NxstackError('NXS_GO_NOT_MAIN_PACKAGE', `go build produced no binary for ${input.entryfilePath}: its package is not \`package main\`.`, {
      location: input.where('entryfilePath'),
      hint: 'Point entryfilePath at a file of the main package (the one with func main() calling lambda.Start).',
    });
  }
}

async function isElf(file: string): Promise<boolean> {
  const head = await fs.readFile(file).then((b) => b.subarray(0, 4).toString('latin1'), () => '');
  return head === '\x7fELF';
}
