/**
 * Counts the writes a command really makes, through middleware on the SDK clients it uses (so
 * the numbers in the summary lines are observed, not inferred): S3 object uploads and
 * CloudFormation stack/change-set writes. Only calls that succeeded are counted.
 */

/** CloudFormation calls that change a stack (bootstrap included). */
export const CFN_WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'CreateStack',
  'UpdateStack',
  'DeleteStack',
  'CreateChangeSet',
  'ExecuteChangeSet',
  'DeleteChangeSet',
]);

/**
 * Keys of nxstack's own bookkeeping in the deployment bucket (stage locks, hotswap and release
 * records): not artifacts, so not counted as uploads. Artifact keys start with a project name,
 * which never starts with a dot.
 */
export const BOOKKEEPING_PREFIX = '.nxstack/';

/** S3 calls that create an object: a single PUT, or the completion of a multipart upload. */
export const S3_UPLOAD_COMMANDS: ReadonlySet<string> = new Set(['PutObject', 'CompleteMultipartUpload']);

interface MiddlewareClient {
  middlewareStack: {
    add: (mw: any, opts: { step: 'initialize'; name: string; override?: boolean }) => void;
  };
}

export class CallCounter {
  uploads = 0;
  cfnWrites = 0;
  private readonly attached = new WeakSet<object>();

  /** Adds the counting middleware to each client once (idempotent per client). */
  attach(...clients: MiddlewareClient[]): void {
    for (const client of clients) {
      if (this.attached.has(client)) continue;
      this.attached.add(client);
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          const result = await next(args);
          const key = (args as { input?: { Key?: unknown } }).input?.Key;
          if (!(typeof key === 'string' && key.startsWith(BOOKKEEPING_PREFIX))) this.record((context.commandName ?? '').replace(/Command$/, ''));
          return result;
        },
        { step: 'initialize', name: 'nxstackCallCounter', override: true },
      );
    }
  }

  private record(command: string): void {
    if (CFN_WRITE_COMMANDS.has(command)) this.cfnWrites++;
    else if (S3_UPLOAD_COMMANDS.has(command)) this.uploads++;
  }
}
