/**
 * Records every command an SDK client sends, through the client's own middleware stack
 * (the real client and service underneath; this only observes).
 */
export interface RecordedCall {
  readonly command: string;
  readonly input: Record<string, any>;
}

interface InstrumentableClient {
  middlewareStack: { add: (mw: any, opts: { step: 'initialize'; name: string }) => void };
}

export function recordCalls(...clients: InstrumentableClient[]): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const client of clients) {
    client.middlewareStack.add(
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
        calls.push({ command: (context.commandName ?? '').replace(/Command$/, ''), input: args.input });
        return next(args);
      },
      { step: 'initialize', name: 'nxstackTestCallRecorder' },
    );
  }
  return calls;
}

export const countOf = (calls: readonly RecordedCall[], command: string) => calls.filter((c) => c.command === command).length;
