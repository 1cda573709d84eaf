// Plain CommonJS handlers for the process-manager tests (no packaging step needed).
let calls = 0;
exports.echo = async (event, context) => {
  calls += 1;
  console.log('echo', JSON.stringify(event));
  return { event, calls, pid: process.pid, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis(), env: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, region: process.env.AWS_REGION, handler: process.env._HANDLER, taskRoot: process.env.LAMBDA_TASK_ROOT, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, custom: process.env.CUSTOM } };
};
exports.slow = async () => {
  console.log('going to sleep');
  await new Promise((r) => setTimeout(r, 60_000));
  return 'woke';
};
exports.crash = async () => {
  console.error('about to exit');
  process.exit(3);
};
exports.hog = async (event) => {
  const blocks = [];
  for (let i = 0; i < event.mb; i++) blocks.push(Buffer.alloc(1024 * 1024, 1));
  return blocks.length;
};
exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { viaCallback: event.x }), 5);
};
exports.callbackError = (event, context, callback) => callback(new TypeError('bad input'));
exports.throws = async () => {
  throw new RangeError('out of range');
};
