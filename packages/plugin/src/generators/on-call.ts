import type { Tree } from '@nx/devkit';
import type { CiGeneratorSchema } from './ci/schema';
import type { InitGeneratorSchema } from './init/schema';
import type { StackGeneratorSchema } from './stack/schema';

/*
 * The generators for programmatic use, each required when called: they import @nx/devkit, which
 * the plugin entry (required by Nx for every project graph) must not load. `nx g` and `nx add`
 * find them through generators.json, not through this.
 */

export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  return (require('./init/generator') as typeof import('./init/generator')).initGenerator(tree, options);
}

export async function stackGenerator(tree: Tree, options: StackGeneratorSchema): Promise<void> {
  return (require('./stack/generator') as typeof import('./stack/generator')).stackGenerator(tree, options);
}

export async function ciGenerator(tree: Tree, options: CiGeneratorSchema): Promise<void> {
  return (require('./ci/generator') as typeof import('./ci/generator')).ciGenerator(tree, options);
}
