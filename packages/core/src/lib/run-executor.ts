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

/**
 * The executors' output. @nx/devkit's `logger` is console.info / console.error, but importing
 * @nx/devkit at run time loads much of Nx into every task process (0.3–1 s per process on a loaded
 * machine; ~110 ms CPU and 211 modules after Nx's own run-executor), so executors print through
 * this and import only devkit's types.
 */
export const taskLog = {
  info: (line: string): void => console.info(line),
  error: (line: string): void => console.error(line),
};

/** What an Nx batch implementation yields per task (executors.json `batchImplementation`). */
export interface BatchTaskResult {
  readonly task: string;
  readonly result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}
