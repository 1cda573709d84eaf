/**
 * `$CfStackOutput` between the stacks of one workspace: which project a stack name points at,
 * the export name a provider publishes an output under, the project-level reference graph (the
 * plugin turns it into Nx dependencies) and the checks a consumer's compile needs (provider
 * known, output declared and exported, no cycle), all before any AWS call.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { formatDirective, walkDirectives, type CfStackOutputDirective } from './directives';
import { loadStack, loadStackForTargets, type LoadedStack } from './load-stack';
import { isLocalStage, stackName as stackNameOf, STAGE_NAME_PATTERN, validateStageName } from './stage-name';
import type { ConfigPath } from './yaml-source';

/** The export name of a stack output with `export: true`: `<stackName>-<outputName>` (unique per region and account). */
export function stackExportName(stackName: string, outputName: string): string {
  return `${stackName}-${outputName}`;
}

export interface StackOutputReference {
  readonly directive: CfStackOutputDirective;
  /** Config path of the value holding the directive. */
  readonly path: ConfigPath;
}

/** Every `$CfStackOutput` of a stack.yml config (inside Joins too), in document order. */
export function stackOutputReferences(config: unknown): StackOutputReference[] {
  const refs: StackOutputReference[] = [];
  walkDirectives(config, (directive, p) => {
    if (directive.$directive === 'CfStackOutput') refs.push({ directive, path: p });
  });
  return refs;
}

/**
 * The workspace project a `$CfStackOutput` stack name points at: a project name as written (that
 * project on the stage being deployed), else `<project>-<stage>` (the longest project name that
 * leaves a valid stage). Undefined when no project with a stack.yml matches.
 */
export function referencedStack(name: string, projects: Iterable<string>): { project: string; stage?: string } | undefined {
  const all = [...projects];
  if (all.includes(name)) return { project: name };
  const match = all
    .filter((p) => name.startsWith(`${p}-`) && STAGE_NAME_PATTERN.test(name.slice(p.length + 1)))
    .sort((a, b) => b.length - a.length)[0];
  return match ? { project: match, stage: name.slice(match.length + 1) } : undefined;
}

/** Project name → workspace-relative path of its stack.yml, for the projects that have one. */
export function workspaceStackFiles(projects: Readonly<Record<string, { readonly root: string }>>, workspaceRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, p] of Object.entries(projects).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.posix.join(p.root.replace(/\\/g, '/'), 'stack.yml');
    if (existsSync(path.join(workspaceRoot, file))) files.set(name, file);
  }
  return files;
}

export interface ProjectReferenceEdge {
  readonly provider: string;
  readonly reference: StackOutputReference;
  readonly location: SourceLocation;
}

/**
 * Consumer project → the workspace projects its `$CfStackOutput`s name. Graph-time tolerant: a
 * stack.yml that cannot be read contributes no edge (its validate target reports it).
 */
export async function stackReferenceGraph(stackFiles: ReadonlyMap<string, string>, workspaceRoot: string): Promise<Map<string, ProjectReferenceEdge[]>> {
  const graph = new Map<string, ProjectReferenceEdge[]>();
  for (const [project, file] of stackFiles) {
    let stack: { config: unknown; locate(p: ConfigPath): SourceLocation };
    try {
      stack = await loadStackForTargets(file, { workspaceRoot, checkPaths: false });
    } catch {
      continue;
    }
    const edges: ProjectReferenceEdge[] = [];
    for (const reference of stackOutputReferences(stack.config)) {
      const target = referencedStack(reference.directive.stackName, stackFiles.keys());
      if (target) edges.push({ provider: target.project, reference, location: stack.locate(reference.path) });
    }
    graph.set(project, edges);
  }
  return graph;
}

/** A chain `from → … → to` through the reference graph, or undefined. */
export function referencePath(graph: ReadonlyMap<string, readonly ProjectReferenceEdge[]>, from: string, to: string): string[] | undefined {
  const seen = new Set<string>();
  const visit = (project: string): string[] | undefined => {
    if (project === to) return [project];
    if (seen.has(project)) return undefined;
    seen.add(project);
    for (const e of graph.get(project) ?? []) {
      const rest = visit(e.provider);
      if (rest) return [project, ...rest];
    }
    return undefined;
  };
  return visit(from);
}

export interface ResolvedStackReference {
  readonly project: string;
  readonly stage: string;
  /** The provider's CloudFormation stack name. */
  readonly stackName: string;
  readonly outputName: string;
  readonly exportName: string;
  /** `$CfStackOutput('…', '…')` as written, for messages. */
  readonly text: string;
  readonly location: SourceLocation;
}

export interface StackReferences {
  /** `$CfStackOutput` stack-name argument as written → the provider's stack name on this stage. */
  readonly stackNames: ReadonlyMap<string, string>;
  readonly references: readonly ResolvedStackReference[];
}

export interface ResolveStackReferencesOptions {
  readonly stack: LoadedStack;
  readonly projectName: string;
  readonly stage: string;
  readonly workspaceRoot: string;
  /** Every project with a stack.yml (workspaceStackFiles). */
  readonly stackFiles: ReadonlyMap<string, string>;
}

/**
 * Checks each `$CfStackOutput` of a stack against the workspace and names the stack it imports
 * from: the provider is a workspace project with a stack.yml, declares the output with
 * `export: true`, is on the same kind of stage (local or AWS), and does not (through other
 * providers) import from this project.
 */
export async function resolveStackReferences(opts: ResolveStackReferencesOptions): Promise<StackReferences> {
  const refs = stackOutputReferences(opts.stack.config);
  if (refs.length === 0) return { stackNames: new Map(), references: [] };
  const providers = new Map<string, LoadedStack>();
  const provider = async (project: string) => {
    if (!providers.has(project)) providers.set(project, await loadStack(opts.stackFiles.get(project)!, { workspaceRoot: opts.workspaceRoot, checkPaths: false }));
    return providers.get(project)!;
  };
  let graph: Map<string, ProjectReferenceEdge[]> | undefined;
  const stackNames = new Map<string, string>();
  const references: ResolvedStackReference[] = [];
  for (const { directive, path: at } of refs) {
    const location = opts.stack.locate(at);
    const text = formatDirective(directive);
    const target = referencedStack(directive.stackName, opts.stackFiles.keys());
    if (!target) {
      const projects = [...opts.stackFiles.keys()];
      throw new NxstackError('NXS_CF_STACK_OUTPUT_UNKNOWN_STACK', `${text} names no stack of this workspace`, {
        location,
        hint: `${didYouMeanText(directive.stackName, projects)}Name a project with a stack.yml (${projects.join(', ') || 'none'}), as '<project>' (this stage) or '<project>-<stage>'.`,
      });
    }
    const stage = validateStageName(target.stage ?? opts.stage, target.project);
    if (isLocalStage(stage) !== isLocalStage(opts.stage)) {
      throw new NxstackError('NXS_CF_STACK_OUTPUT_STAGE', `${text} imports from stage '${stage}' while this deploy targets stage '${opts.stage}'`, {
        location,
        hint: 'The local stage imports only from local-stage stacks and an AWS stage only from AWS stacks; write the project name alone to import from the stage being deployed.',
      });
    }
    if (target.project === opts.projectName) {
      throw new NxstackError('NXS_STACK_REFERENCE_CYCLE', `${text} imports from this project's own stack`, {
        location,
        hint: `A stack cannot import its own outputs; use $ResourceParam for resources of ${opts.projectName}.`,
      });
    }
    graph ??= await stackReferenceGraph(opts.stackFiles, opts.workspaceRoot);
    const cycle = referencePath(graph, target.project, opts.projectName);
    if (cycle) {
      throw new NxstackError('NXS_STACK_REFERENCE_CYCLE', `${text} closes a cycle of stack imports: ${[opts.projectName, ...cycle].join(' → ')}`, {
        location,
        hint: 'Each stack must be deployable before the stacks that import from it; move the shared resource into one of them (or a new project) so the imports run one way.',
      });
    }
    const providerStack = await provider(target.project);
    const outputs = providerStack.config.stackConfig?.outputs ?? [];
    const index = outputs.findIndex((o) => o.name === directive.outputName);
    if (index < 0) {
      const exported = outputs.filter((o) => o.export).map((o) => o.name);
      throw new NxstackError('NXS_CF_STACK_OUTPUT_UNKNOWN_OUTPUT', `${text}: ${providerStack.file} declares no output '${directive.outputName}'`, {
        location,
        hint: `${didYouMeanText(directive.outputName, exported)}Exported outputs of ${target.project}: ${exported.join(', ') || 'none'}; declare it under stackConfig.outputs with export: true.`,
      });
    }
    if (!outputs[index].export) {
      const at2 = providerStack.locate(['stackConfig', 'outputs', index]);
      throw new NxstackError('NXS_CF_STACK_OUTPUT_NOT_EXPORTED', `${text}: output '${directive.outputName}' of ${target.project} is not exported`, {
        location,
        hint: `Add 'export: true' to it (${at2.file}:${at2.line ?? 1}); only exported outputs can be imported.`,
      });
    }
    const name = stackNameOf(target.project, stage);
    stackNames.set(directive.stackName, name);
    references.push({ project: target.project, stage, stackName: name, outputName: directive.outputName, exportName: stackExportName(name, directive.outputName), text, location });
  }
  return { stackNames, references };
}
