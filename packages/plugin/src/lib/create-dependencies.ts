import type { CreateDependencies, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import { referencePath, stackReferenceGraph, workspaceStackFiles } from '@nxstack/core';
import type { NxstackPluginOptions } from './plugin-options';

/** Nx's DependencyType.implicit: its value, so the graph path does not load @nx/devkit for one string. */
const IMPLICIT = 'implicit' as DependencyType.implicit;

/**
 * A project whose stack.yml imports another project's output (`$CfStackOutput`) depends on that
 * project, so `^deploy`, `nx affected` and `nx graph` see the provider before the consumer.
 *
 * An edge on a cycle is left out: Nx's task graph would stop on it without saying where; the
 * validate target of each project on the cycle fails instead, at the directive's file:line.
 *
 * The edges are `implicit` (no source file): an edge depends on the provider's stack.yml too
 * (a cycle drops it), and Nx keeps a file-sourced (static) edge cached until that one file changes.
 */
export const createStackDependencies: CreateDependencies<NxstackPluginOptions> = async (_options, context) => {
  const stackFiles = workspaceStackFiles(context.projects, context.workspaceRoot);
  const graph = await stackReferenceGraph(stackFiles, context.workspaceRoot);
  const dependencies: RawProjectGraphDependency[] = [];
  for (const [source, edges] of graph) {
    for (const target of new Set(edges.map((e) => e.provider))) {
      if (target === source || referencePath(graph, target, source)) continue;
      dependencies.push({ source, target, type: IMPLICIT });
    }
  }
  return dependencies;
};
