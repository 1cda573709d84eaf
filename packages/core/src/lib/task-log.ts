/**
 * What executors print. @nx/devkit's `logger` is console.info / console.error (plus colours), but
 * importing @nx/devkit at run time loads much of Nx into every task process (0.3–1 s per
 * process), so every executor prints through this and imports only devkit's types.
 */
export const taskLog = {
  info: (line: string): void => console.info(line),
  error: (line: string): void => console.error(line),
};
