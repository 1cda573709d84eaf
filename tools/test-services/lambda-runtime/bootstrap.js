'use strict';
/**
 * Node runtime of the test Lambda image (tools/services/lambda-images.sh), for moto's Docker
 * Lambda: moto runs `docker run <image> <handler> <event-json>` with the code in /var/task and
 * takes the last line of the output as the result (the docker-lambda convention). So:
 * - the handler's own console output goes to stderr, the result (JSON) is the last stdout line;
 * - a thrown error or a timeout prints {"errorType","errorMessage","trace"} there and exits 1,
 *   which moto reports as a FunctionError, as Lambda does.
 * The handler is called as the Node runtimes do: async, or with a callback as third argument.
 */
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { format } = require('util');

const [handlerSpec, eventJson = '{}'] = process.argv.slice(2);
const timeoutMs = Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT || 3) * 1000;
const deadline = Date.now() + timeoutMs;

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => fs.writeSync(2, format(...args) + '\n');
}

function finish(code, payload) {
  fs.writeSync(1, '\n' + JSON.stringify(payload === undefined ? null : payload) + '\n');
  process.exit(code);
}

function fail(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  finish(1, { errorType: e.name || 'Error', errorMessage: e.message, trace: String(e.stack || '').split('\n') });
}

async function loadHandler(spec) {
  const dot = spec.lastIndexOf('.');
  const modulePath = path.join(process.env.LAMBDA_TASK_ROOT || '/var/task', spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext).find((f) => fs.existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${spec.slice(0, dot)}'`), { name: 'Runtime.ImportModuleError' });
  // As Lambda's Node runtimes: CommonJS through require, ES modules through import.
  let mod;
  try {
    mod = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  } catch (e) {
    if (e.code !== 'ERR_REQUIRE_ESM') throw e;
    mod = await import(pathToFileURL(file).href);
  }
  const fn = mod[name];
  if (typeof fn !== 'function') throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return fn;
}

async function main() {
  const timer = setTimeout(() => finish(1, { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutMs / 1000} seconds` }), timeoutMs);
  timer.unref();
  const handler = await loadHandler(handlerSpec);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: require('crypto').randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const event = JSON.parse(eventJson);
  const result = await new Promise((resolve, reject) => {
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    const returned = handler(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
  finish(0, result);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
main().catch(fail);
