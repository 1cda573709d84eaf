import * as path from 'node:path';
import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { NxstackError } from '@nxstack/core';
import { withSchemaModeline } from '../../lib/schema-modeline';
import { initGenerator } from '../init/generator';
import { LANGUAGE_TEMPLATES, type StackLanguage } from './language-templates';
import type { StackGeneratorSchema } from './schema';

/** stack.yml for one function: what `nx run <project>:deploy` deploys as generated. */
export function stackYaml(project: string, resource: string, entryfilePath: string, runtime: string): string {
  return `# The resources of project ${project}: one CloudFormation stack per stage, ${project}-<stage>.
# npx nx show project ${project}   lists the targets nxstack infers from this file.
resources:
  ${resource}:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: ${entryfilePath}
      runtime: ${runtime}
      memory: 256
      timeout: 10
      environment:
        - name: GREETING
          value: Hello
`;
}

/**
 * `nx g @nxstack/plugin:stack <project> [--language ts|python|go|java]`: a stack.yml with one
 * Lambda function and its handler in an existing project, and the plugin registered (init).
 * Refuses to overwrite any file, so it never clobbers a project's own stack or sources.
 */
export async function stackGenerator(tree: Tree, options: StackGeneratorSchema): Promise<void> {
  const language: StackLanguage = options.language ?? 'ts';
  const resource = options.resource ?? 'hello';
  let root: string;
  try {
    root = readProjectConfiguration(tree, options.project).root;
  } catch (e) {
    throw new NxstackError('NXS_GENERATOR_PROJECT_UNKNOWN', `there is no Nx project named '${options.project}'`, {
      hint: 'create the project first (a folder with project.json or package.json), then run the stack generator for it; npx nx show projects lists them',
      cause: e,
    });
  }
  const template = LANGUAGE_TEMPLATES[language];
  const stackFile = path.posix.join(root, 'stack.yml');
  const files: Record<string, string> = {
    [stackFile]: withSchemaModeline(stackFile, stackYaml(options.project, resource, template.entryfilePath, template.runtime)),
    ...Object.fromEntries(Object.entries(template.files(options.project)).map(([f, text]) => [path.posix.join(root, f), text])),
  };
  const existing = Object.keys(files).filter((f) => tree.exists(f));
  if (existing.length > 0) {
    throw new NxstackError('NXS_GENERATOR_FILE_EXISTS', `project '${options.project}' already has ${existing.join(', ')}`, {
      hint: 'the stack generator never overwrites files: move them away, or edit the existing stack.yml by hand',
    });
  }
  for (const [file, text] of Object.entries(files)) tree.write(file, text);
  await initGenerator(tree);
}

export default stackGenerator;
