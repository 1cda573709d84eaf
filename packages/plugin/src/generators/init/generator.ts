import * as path from 'node:path';
import { readNxJson, updateNxJson, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { withSchemaModeline } from '../../lib/schema-modeline';
import type { InitGeneratorSchema } from './schema';

const PLUGIN = '@nxstack/plugin';

/** What nxstack writes that must stay out of git: local stage state (secrets.json too) and packaged artifacts. */
const IGNORED = [
  { entry: '.nxstack/', comment: '# nxstack: local stage state and secrets', coveredBy: ['.nxstack'] },
  { entry: 'dist/stack/', comment: '# nxstack: packaged artifacts (Nx task outputs)', coveredBy: ['dist', 'dist/stack'] },
] as const;

/**
 * `nx add @nxstack/plugin` runs this: registers the plugin in nx.json (a bare string, or an
 * object when options are given; an existing registration is left alone), keeps nxstack's
 * local state and artifacts out of git, and gives every stack.yml already in the workspace the
 * editor schema modeline. Running it twice changes nothing.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  registerPlugin(tree, options);
  ignoreGeneratedFiles(tree);
  associateSchema(tree);
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

/** `dist`, `/dist/`, `dist/stack` ... all ignore the same folder at the root. */
function spellings(pattern: string): string[] {
  return [pattern, `${pattern}/`, `/${pattern}`, `/${pattern}/`];
}

function ignoreGeneratedFiles(tree: Tree): void {
  let text = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  for (const { entry, comment, coveredBy } of IGNORED) {
    if (coveredBy.some((p) => spellings(p).some((s) => lines.has(s)))) continue;
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    text += `${comment}\n${entry}\n`;
  }
  if (!tree.exists('.gitignore') || tree.read('.gitignore', 'utf-8') !== text) tree.write('.gitignore', text);
}

function associateSchema(tree: Tree): void {
  visitNotIgnoredFiles(tree, '', (file) => {
    if (path.posix.basename(file) !== 'stack.yml') return;
    const text = tree.read(file, 'utf-8') ?? '';
    const updated = withSchemaModeline(file, text);
    if (updated !== text) tree.write(file, updated);
  });
}

export default initGenerator;
