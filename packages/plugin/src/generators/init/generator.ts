import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import type { InitGeneratorSchema } from './schema';

const PLUGIN = '@nxstack/plugin';
const GITIGNORE_ENTRY = '.nxstack';

/**
 * `nx add @nxstack/plugin` runs this: registers the plugin in nx.json (a bare string, or an
 * object when options are given; an existing registration is left alone) and keeps the local
 * stage's state out of git. Running it twice changes nothing.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  registerPlugin(tree, options);
  ignoreLocalState(tree);
}

function registerPlugin(tree: Tree, options: InitGeneratorSchema): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const present = plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN);
  if (present) return;
  const pluginOptions = {
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.defaultRegion ? { defaultRegion: options.defaultRegion } : {}),
  };
  nxJson.plugins = [...plugins, Object.keys(pluginOptions).length > 0 ? { plugin: PLUGIN, options: pluginOptions } : PLUGIN];
  updateNxJson(tree, nxJson);
}

function ignoreLocalState(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const lines = current.split(/\r?\n/).map((l) => l.trim());
  const spellings = new Set([GITIGNORE_ENTRY, `${GITIGNORE_ENTRY}/`, `/${GITIGNORE_ENTRY}`, `/${GITIGNORE_ENTRY}/`]);
  if (lines.some((l) => spellings.has(l))) return;
  const prefix = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  tree.write('.gitignore', `${prefix}# nxstack local stage state\n${GITIGNORE_ENTRY}\n`);
}

export default initGenerator;
