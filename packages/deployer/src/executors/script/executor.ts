import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { runScriptTarget } from '../../lib/stack-scripts/run-script-target';
import type { ScriptExecutorSchema } from './schema';

/** `nx run <project>:script--<name> [--stage dev]`: one top-level stack.yml script, with its connectTo values for the stage. */
export default async function scriptExecutor(options: ScriptExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => runScriptTarget({ ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)), script: options.script }));
}
