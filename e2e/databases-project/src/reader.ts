// Reads the migration's rows back from postgres and sets/gets a key in redis.
// @ts-expect-error plain JS test client, bundled by esbuild
import { pgQuery, redisCommands } from './wire.mjs';

export const handler = async (event: { key: string; value: string }) => {
  const db = process.env.STP_MAIN_DB_CONNECTION_STRING!;
  const rows = await pgQuery(db, 'SELECT body, (SELECT count(*) FROM deploys) FROM notes');
  const redis = await redisCommands(process.env.STP_CACHE_HOST, process.env.STP_CACHE_PORT, process.env.REDIS_PASSWORD, ['SET', event.key, event.value], ['GET', event.key]);
  return { rows, redis, host: process.env.STP_MAIN_DB_HOST, port: process.env.STP_MAIN_DB_PORT };
};
