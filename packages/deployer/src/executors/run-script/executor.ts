import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { runScript } from '../../lib/run-script';
import type { RunScriptExecutorSchema } from './schema';

/** `nx run <project>:run-script--<name> [--stage dev]`: logs and REPORT to stderr, the result to stdout. */
export default async function runScriptExecutor(options: RunScriptExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  let failed = false;
  const done = await runExecutor((line) => logger.error(line), async () => {
    const { success, report } = await runScript({ ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)), script: options.script });
    process.stderr.write(report.logs);
    process.stdout.write(report.result);
    process.stderr.write(report.summary);
    failed = !success;
  });
  return { success: done.success && !failed };
}
