import { isNxstackError, NxstackError } from '@nxstack/core';
import { parseArgs } from 'node:util';
import { createStorage } from './create-storage';
import { parseSize, parseStorage, resolveTokens } from './options';
import { startCacheServer, type RunningCacheServer } from './server';

export const USAGE = `Usage: nxstack-cache serve [options]

A server for Nx's self-hosted remote cache API (GET/PUT /v1/cache/{hash}).

  --storage <spec>           dir:<path> or s3://<bucket>/<prefix>   (env NXSTACK_CACHE_STORAGE)
  --port <n>                 default 3000                           (env PORT)
  --host <addr>              default 0.0.0.0
  --read-write-token <t>     may read and write; repeatable         (env NXSTACK_CACHE_READ_WRITE_TOKEN, comma-separated)
  --read-token <t>           may only read; repeatable              (env NXSTACK_CACHE_READ_TOKEN, comma-separated)
  --max-size <size>          largest upload, e.g. 512mb; default 1gb (env NXSTACK_CACHE_MAX_SIZE)

Prefer the environment variables for tokens: command lines are visible to other users.
Clients: NX_SELF_HOSTED_REMOTE_CACHE_SERVER=<url> NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token> nx ...`;

function usageError(message: string): NxstackError {
  return new NxstackError('NXS_CACHE_USAGE', message, { hint: 'Run `nxstack-cache --help`.' });
}

/** Parses `serve` arguments and starts the server; prints one start-up line without secrets. */
export async function serveFromArgs(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<RunningCacheServer> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        storage: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'read-write-token': { type: 'string', multiple: true },
        'read-token': { type: 'string', multiple: true },
        'max-size': { type: 'string' },
      },
    });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'serve') throw usageError(`Unknown command "${positionals.join(' ')}"; the command is \`serve\`.`);
  const storageSpec = values.storage ?? env['NXSTACK_CACHE_STORAGE'];
  if (!storageSpec) throw new NxstackError('NXS_CACHE_STORAGE_INVALID', 'No storage given.', { hint: 'Pass --storage dir:<path> or s3://<bucket>/<prefix>.' });
  const portText = values.port ?? env['PORT'] ?? '3000';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw usageError(`Port "${portText}" is not a number from 0 to 65535.`);
  const tokens = resolveTokens({ readWrite: values['read-write-token'] ?? [], read: values['read-token'] ?? [] }, env);
  const maxSize = parseSize(values['max-size'] ?? env['NXSTACK_CACHE_MAX_SIZE'] ?? '1gb');
  const storage = await createStorage(parseStorage(storageSpec), env);
  const running = await startCacheServer({ storage, tokens, maxSize, port: Number(portText), host: values.host ?? '0.0.0.0', log: out });
  out(
    `nxstack-cache: listening url=${running.url} storage=${storage.description} readWriteTokens=${tokens.readWrite.length} readTokens=${tokens.read.length} maxSize=${maxSize}`,
  );
  return running;
}

/** The `nxstack-cache` command: exit code 1 with the error's one-paragraph form on bad input. */
export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(USAGE);
    return;
  }
  let running: RunningCacheServer;
  try {
    running = await serveFromArgs(argv, process.env, (line) => console.log(line));
  } catch (e) {
    console.error(isNxstackError(e) ? e.format() : `nxstack-cache: ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`nxstack-cache: ${signal}, finishing in-flight requests`);
    running.close().then(
      () => console.log('nxstack-cache: stopped'),
      (e: unknown) => {
        console.error(`nxstack-cache: ${String(e)}`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
