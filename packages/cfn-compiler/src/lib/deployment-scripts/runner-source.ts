/**
 * The code of the runner function behind every deployment script on an AWS stage, inlined into
 * the template as `Code.ZipFile` (CloudFormation writes it to index.js; Node runtimes ship the
 * AWS SDK v3). It answers CloudFormation's custom resource protocol and invokes the script's own
 * function with the resolved `parameters` as the event, like aws-cdk's provider framework does:
 * the user's artifact stays untouched, whatever its runtime, and `run-script` can invoke the
 * same function directly.
 *
 * - after:deploy runs on Create and Update (not on an Update CloudFormation sends while rolling
 *   back); a failure answers FAILED with the script's message, so the stack rolls back.
 * - before:delete runs on Delete while the stack itself is being deleted (not when the script
 *   was only removed from stack.yml); a failure is logged and answered SUCCESS.
 * - An answer is always sent before the runner's own timeout; the body stays within 4096 bytes.
 * - What after:deploy returned is logged as `nxstack-result <Token> <payload>`: deploy prints it
 *   from the runner's log group (script-results.ts in the deployer).
 *
 * The script's event is ParametersJson with each {"$nxs": i} replaced by ParameterValues[i]
 * (what CloudFormation resolved): JSON keeps the literal types CloudFormation would turn into strings.
 *
 * Plain JavaScript without template-literal placeholders, so it can live in this string; the
 * whole text stays under the 4096 bytes CloudFormation allows for inline code.
 */
/**
 * The lines of the runner's log the deployer reads (script-results.ts), as RUNNER_SOURCE writes
 * them (a test checks it does). before:delete has no Token, so its result line says `undefined`.
 */
export const RUNNER_LINES = {
  result: (token: unknown) => `nxstack-result ${String(token)} `,
  deleteFailure: (scriptName: string) => `${scriptName} (before:delete) failed, the delete goes on: `,
} as const;

export const RUNNER_SOURCE = String.raw`const http = require('http'), https = require('https');
const LIMIT = 4096;

async function answer(event, context, aws) {
  const p = event.ResourceProperties || {};
  const remaining = context.getRemainingTimeInMillis();
  let timer;
  const guard = new Promise((resolve) => {
    const ms = remaining - Math.min(5000, remaining / 2);
    timer = setTimeout(() => resolve({ error: p.ScriptName + ' did not finish within ' + Math.round(ms / 1000) + ' s (runner timeout)' }), ms);
  });
  let outcome;
  try {
    outcome = await Promise.race([decide(event, p, aws), guard]);
  } catch (e) {
    outcome = { error: String(e && e.message || e) };
  } finally {
    clearTimeout(timer);
  }
  const failed = outcome.error !== undefined && p.Trigger === 'after:deploy';
  if (outcome.error) console.error(p.ScriptName + ' (' + p.Trigger + ') failed' + (failed ? ': ' : ', the delete goes on: ') + outcome.error);
  if (outcome.skipped) console.log('not run: ' + outcome.skipped);
  await respond(event, failed ? 'FAILED' : 'SUCCESS', failed ? outcome.error : undefined);
}

async function decide(event, p, aws) {
  const type = event.RequestType;
  if (p.Trigger === 'after:deploy' && type !== 'Delete') {
    if (type === 'Update' && /ROLLBACK/.test(await aws.stackStatus(event.StackId))) return { skipped: 'the stack is rolling back' };
    return run(p, aws);
  }
  if (p.Trigger === 'before:delete' && type === 'Delete') {
    if ((await aws.stackStatus(event.StackId)) !== 'DELETE_IN_PROGRESS') return { skipped: 'the stack is not being deleted' };
    return run(p, aws);
  }
  return { skipped: type + ' of a ' + p.Trigger + ' script' };
}

function parameters(p) {
  if (p.ParametersJson === undefined) return {};
  const values = p.ParameterValues || [];
  return JSON.parse(p.ParametersJson, (k, v) => (v && typeof v === 'object' && Object.keys(v).length === 1 && typeof v.$nxs === 'number' ? values[v.$nxs] : v));
}

async function run(p, aws) {
  const res = await aws.invoke(p.ScriptFunction, JSON.stringify(parameters(p)));
  if (!res.FunctionError) return console.log('nxstack-result ' + p.Token + ' ' + res.Payload), {};
  let message = res.Payload;
  try {
    message = JSON.parse(message).errorMessage || message;
  } catch (e) {}
  return { error: message || res.FunctionError };
}

function responseBody(event, status, reason) {
  const e = event, body = (text) => JSON.stringify({
    Status: status, Reason: text, PhysicalResourceId: e.PhysicalResourceId || e.LogicalResourceId,
    StackId: e.StackId, RequestId: e.RequestId, LogicalResourceId: e.LogicalResourceId, Data: {},
  });
  let text = reason;
  for (let over; text && (over = Buffer.byteLength(body(text)) - LIMIT) > 0;) {
    const b = Buffer.from(text);
    text = b.subarray(0, Math.max(0, b.length - over - 16)).toString() + ' [truncated]';
  }
  return body(text);
}

function respond(event, status, reason) {
  const body = responseBody(event, status, reason);
  const url = new URL(event.ResponseURL);
  const headers = { 'content-type': '', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? http : https).request(url, { method: 'PUT', headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error('response URL answered ' + res.statusCode))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sdk = {
  async invoke(name, payload) {
    const l = require('@aws-sdk/client-lambda');
    const res = await new l.LambdaClient({ maxAttempts: 1 }).send(new l.InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload) }));
    return { FunctionError: res.FunctionError, Payload: Buffer.from(res.Payload || '').toString() };
  },
  async stackStatus(id) {
    const c = require('@aws-sdk/client-cloudformation');
    return (await new c.CloudFormationClient({}).send(new c.DescribeStacksCommand({ StackName: id }))).Stacks[0].StackStatus;
  },
};

exports.answer = answer;
exports.handler = (event, context) => answer(event, context, sdk);
`;
