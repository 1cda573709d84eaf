import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type Architecture,
  type BuildpackPackageOptions,
  type SourceLocation,
  type ZipEntry,
  type LambdaArtifact,
  DEFAULT_LAMBDA_ARCHITECTURE,
  NxstackError,
  listFiles,
  resolveInsideWorkspace,
  resourceOutputDir,
  runTool,
  writeLambdaArtifact,
} from '@nxstack/core';
import { findGoModuleRoot } from './find-module-root';

/** stack.yml fields an error can point at. */
export type GoPackagingField = 'resource' | 'entryfilePath' | 'runtime' | 'architecture';

/** entryfilePath is a .go file of the main package; runtime defaults to provided.al2023. */
export interface GoPackageOptions extends BuildpackPackageOptions {
  /** Environment for `go` (PATH, HOME, GOPROXY, GOFLAGS…); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The go executable; default `go` from PATH. */
  readonly goCommand?: string;
  /** Where in stack.yml a field was written, for error messages. */
  readonly locate?: (field: GoPackagingField) => SourceLocation | undefined;
}

export type GoPackageResult = LambdaArtifact;

const GO_RUNTIMES = ['provided.al2023', 'provided.al2'];
const GOARCH: Record<Architecture, string> = { x86_64: 'amd64', arm64: 'arm64' };

/** Cross-compiles the entry's main package to a static linux `bootstrap` and zips it reproducibly. */
export async function packageGo(options: GoPackageOptions): Promise<GoPackageResult> {
  const where = (field: GoPackagingField): SourceLocation =>
    options.locate?.(field) ?? options.locate?.('resource') ?? { file: path.posix.join(options.projectRoot, options.entryfilePath) };
  const architecture = options.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE;
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
  const entryFile = resolveInsideWorkspace(projectDir, options.entryfilePath, { workspaceRoot: options.workspaceRoot, what: 'entryfilePath', location: where('entryfilePath') });
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
      const extra = await listFiles(projectDir, { include: options.includeFiles, exclude: options.excludeFiles, insideWorkspace: { workspaceRoot: options.workspaceRoot, what: 'includeFiles match', location: where('resource') } });
      entries.push(...extra.filter((f) => f.path !== 'bootstrap').map((f) => ({ path: f.path, sourceFile: f.absolutePath, mode: f.mode })));
    }
    const outputDir = path.resolve(options.workspaceRoot, options.outputPath ?? resourceOutputDir(options.projectRoot, options.resourceName));
    return await writeLambdaArtifact(outputDir, options.resourceName, entries, { handler: 'bootstrap', runtime, architecture, packager: 'go' });
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
  await runTool([goCommand, ...args], {
    cwd: input.moduleRoot,
    env,
    toolName: 'Go',
    codePrefix: 'NXS_GO',
    action: 'go build',
    resourceName: input.resourceName,
    location: input.where('entryfilePath'),
    installHint: 'Install Go 1.21 or newer (https://go.dev/dl, or `apt-get install golang`) and make sure `go version` works in this shell.',
    reproduceHint: `Reproduce with: cd ${input.moduleRoot} && GOOS=linux GOARCH=${input.goarch} CGO_ENABLED=0 go build ${args.slice(1, -3).join(' ')} ${args[args.length - 1]}`,
  });
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
