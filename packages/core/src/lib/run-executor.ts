import { isNxstackError } from './errors';

/**
 * The body of every nxstack executor: an NxstackError becomes one readable failure (code,
 * file:line, hint) and `{ success: false }`; anything else is a bug and is rethrown with its stack.
 */
export async function runExecutor(logError: (line: string) => void, work: () => Promise<unknown>): Promise<{ success: boolean }> {
  try {
    await work();
    return { success: true };
  } catch (e) {
    if (isNxstackError(e)) {
      logError(e.format());
      return { success: false };
    }
    throw e;
  }
}

/** What an Nx batch implementation yields per task (executors.json `batchImplementation`). */
export interface BatchTaskResult {
  readonly task: string;
  readonly result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}
