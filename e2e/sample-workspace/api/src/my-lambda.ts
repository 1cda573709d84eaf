import ms from 'ms';

// The sample handler: a default export, using a small npm dependency so the bundle
// really pulls something from node_modules.
export default async (event: { delay?: string }) => ({
  ok: true,
  table: process.env.TABLE,
  bucket: process.env.BUCKET,
  delayMs: ms(event.delay ?? '1m'),
});
