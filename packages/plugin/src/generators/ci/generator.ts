import { logger, type Tree } from '@nx/devkit';
import { NxstackError } from '@nxstack/core';
import { GITHUB_SETTINGS, GITHUB_WORKFLOW_FILE, githubWorkflow } from './github-workflow';
import type { CiGeneratorSchema } from './schema';

/**
 * `nx g @nxstack/plugin:ci --provider github`: a workflow that validates/packages affected
 * projects on pull requests and deploys them on pushes, sharing the self-hosted remote cache.
 * Refuses to overwrite an existing workflow file.
 */
export async function ciGenerator(tree: Tree, options: CiGeneratorSchema): Promise<void> {
  if (tree.exists(GITHUB_WORKFLOW_FILE)) {
    throw new NxstackError('NXS_GENERATOR_FILE_EXISTS', `${GITHUB_WORKFLOW_FILE} already exists`, {
      hint: 'the ci generator never overwrites files: move it away to regenerate it',
    });
  }
  tree.write(
    GITHUB_WORKFLOW_FILE,
    githubWorkflow({ stage: options.stage ?? 'prod', branch: options.branch ?? 'main', region: options.region, nodeVersion: options.nodeVersion ?? '20' }),
  );
  logger.info(`nxstack: ${GITHUB_WORKFLOW_FILE} reads these repository settings:`);
  for (const v of GITHUB_SETTINGS.variables) logger.info(`  variable ${v}`);
  for (const s of GITHUB_SETTINGS.secrets) logger.info(`  secret   ${s}`);
}

export default ciGenerator;
