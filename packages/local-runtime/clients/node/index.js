#!/usr/bin/env node
// nxstack's Node.js runtime client: the loop a Lambda Node.js runtime runs. It loads the handler
// named by _HANDLER from LAMBDA_TASK_ROOT (CommonJS through require, ESM through import), then
// long-polls the Runtime API for events and posts each result or error back. Plain JavaScript
// with no dependencies: it runs inside the function's process, next to the function's code.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BASE = '/2018-06-01/runtime';

function request(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: apiHost, port: Number(apiPort), method, path: urlPath, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.end(body);
  });
}

/** The Lambda error shape of the Node.js runtimes: errorType, errorMessage, trace. */
function errorPayload(err, typeOverride) {
  if (err instanceof Error || (err && typeof err.message === 'string' && typeof err.stack === 'string')) {
    return { errorType: typeOverride ?? err.name, errorMessage: err.message, trace: String(err.stack ?? '').split('\n') };
  }
  return { errorType: typeOverride ?? typeof err, errorMessage: String(err), trace: [] };
}

async function postError(urlPath, err, typeOverride) {
  const payload = errorPayload(err, typeOverride);
  await request('POST', urlPath, JSON.stringify(payload), { 'content-type': 'application/json', 'lambda-runtime-function-error-type': payload.errorType });
}

// console.* as in Lambda: `<time>\t<requestId>\t<LEVEL>\t<message>` on stdout/stderr.
let currentRequestId;
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => {
    const line = `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${util.format(...args).replace(/\n/g, '\r')}\n`;
    (level === 'ERROR' || level === 'WARN' ? process.stderr : process.stdout).write(line);
  };
}

/** `dir/module.fn.nested` → the function, the way the Lambda Node.js runtime resolves it. */
async function loadHandler(taskRoot, handlerString) {
  const m = /^(.*?)\.([^/]+)$/.exec(handlerString);
  if (!m) throw Object.assign(new Error(`Bad handler ${handlerString}`), { lambdaType: 'Runtime.MalformedHandlerName' });
  const [, modulePath, fnPath] = m;
  const base = path.resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { lambdaType: 'Runtime.ImportModuleError' });
  let mod;
  try {
    if (file.endsWith('.mjs')) mod = await import(pathToFileURL(file).href);
    else {
      try {
        mod = require(file);
      } catch (e) {
        if (e && e.code === 'ERR_REQUIRE_ESM') mod = await import(pathToFileURL(file).href);
        else throw e;
      }
    }
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') e.lambdaType = 'Runtime.ImportModuleError';
    else if (e instanceof SyntaxError) e.lambdaType = 'Runtime.UserCodeSyntaxError';
    throw e;
  }
  const fn = fnPath.split('.').reduce((obj, key) => (obj == null ? undefined : obj[key]), mod);
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${handlerString} is undefined or not exported`), { lambdaType: 'Runtime.HandlerNotFound' });
  }
  return fn;
}

function contextFor(headers, deadline) {
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Runs the handler: a returned promise wins; otherwise the callback (or context.succeed/fail/done). */
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err ?? 'handled');
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (e) {
      return callback(e);
    }
    if (returned && typeof returned.then === 'function') returned.then((r) => callback(null, r), (e) => callback(e ?? new Error('rejected')));
  });
}

let invocationUrl;
async function fatal(err, type) {
  try {
    await postError(invocationUrl ? `${invocationUrl}/error` : `${BASE}/init/error`, err, type);
  } finally {
    process.exit(129);
  }
}
process.on('uncaughtException', (e) => void fatal(e, 'Runtime.UncaughtException'));
process.on('unhandledRejection', (e) => void fatal(e, 'Runtime.UnhandledPromiseRejection'));

async function main() {
  let handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);
  } catch (e) {
    await postError(`${BASE}/init/error`, e, e && e.lambdaType);
    process.exit(129);
  }
  for (;;) {
    const next = await request('GET', `${BASE}/invocation/next`);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    invocationUrl = `${BASE}/invocation/${encodeURIComponent(requestId)}`;
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] ?? '';
    const context = contextFor(next.headers, Number(next.headers['lambda-runtime-deadline-ms']));
    try {
      const event = JSON.parse(next.body.toString('utf8'));
      const result = await runHandler(handler, event, context);
      await request('POST', `${invocationUrl}/response`, result === undefined ? 'null' : JSON.stringify(result), { 'content-type': 'application/json' });
    } catch (e) {
      await postError(`${invocationUrl}/error`, e);
    }
    invocationUrl = undefined;
  }
}

void main();
