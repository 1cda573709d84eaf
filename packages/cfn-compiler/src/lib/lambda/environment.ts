import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { containsSsmSecure } from '../directives';

/** Lambda sets these itself and refuses a function that defines them. */
const RESERVED = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_XRAY_CONTEXT_MISSING', 'AWS_XRAY_DAEMON_ADDRESS',
  'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
/** AWS_LAMBDA_* is Lambda's namespace; the exec wrapper is the one name users may set there. */
const ALLOWED_AWS_LAMBDA = new Set(['AWS_LAMBDA_EXEC_WRAPPER']);
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function isReservedLambdaVariable(name: string): boolean {
  return RESERVED.has(name) || (name.startsWith('AWS_LAMBDA_') && !ALLOWED_AWS_LAMBDA.has(name));
}

/**
 * Environment.Variables for a Lambda: the packager's variables (e.g. NODE_OPTIONS) first, then
 * stack.yml `environment` (which may override them), directives resolved. Names are checked
 * here because only Lambda itself would otherwise refuse them, mid-deploy.
 */
export function lambdaEnvironment(ctx: ResourceCompileContext, fromManifest: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...fromManifest };
  const list = (ctx.properties.environment ?? []) as Array<{ name: string; value: unknown }>;
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const path = [...ctx.path, 'properties', 'environment', i];
    const name = entry.name;
    if (typeof name === 'string' && isReservedLambdaVariable(name)) {
      throw new NxstackError('NXS_ENV_NAME_RESERVED', `Environment variable '${name}' of resource '${ctx.name}' is reserved by AWS Lambda.`, {
        location: ctx.locate([...path, 'name']),
        hint: 'Lambda sets this variable itself; choose another name.',
      });
    }
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new NxstackError('NXS_ENV_NAME_INVALID', `Environment variable name ${JSON.stringify(name)} of resource '${ctx.name}' is not valid.`, {
        location: ctx.locate([...path, 'name']),
        hint: 'Names start with a letter and contain only letters, digits and underscores.',
      });
    }
    if (seen.has(name)) {
      throw new NxstackError('NXS_ENV_NAME_DUPLICATE', `Environment variable '${name}' of resource '${ctx.name}' is defined twice.`, {
        location: ctx.locate([...path, 'name']),
        hint: 'Remove one of the two entries.',
      });
    }
    seen.add(name);
    const value = ctx.resolve(entry.value, [...path, 'value']);
    if (containsSsmSecure(value)) {
      throw new NxstackError('NXS_SECRET_SSM_SECURE_UNSUPPORTED', `Environment variable '${name}' of resource '${ctx.name}' uses an ssm-secure parameter, which CloudFormation cannot put into a Lambda environment.`, {
        location: ctx.locate([...path, 'value']),
        hint: 'Store the value in Secrets Manager and use $Secret(\'<secret name>\'), or read the parameter at run time.',
      });
    }
    variables[name] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  });
  return variables;
}
