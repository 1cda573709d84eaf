import { z } from 'zod';
import { NxstackError } from '../errors';
import type { ConfigPath, YamlSource } from './yaml-source';

/**
 * Stacktape names nxstack knows but does not compile yet. They fail with one located
 * NXS_NOT_SUPPORTED_YET error naming the type or property, never "unknown" and never accepted
 * and ignored. Remove a name here when its compiler lands.
 */
export const NOT_SUPPORTED_YET_TYPES = {
  /** `resources.<name>.type` */
  resource: [
    // Stacktape's framework web types and Convex: out of issue 15's scope, one clear error each.
    'nextjs-web',
    'astro-web',
    'nuxt-web',
    'remix-web',
    'sveltekit-web',
    'solidstart-web',
    'tanstack-web',
    'convex',
    // Stacktape resource types nxstack does not build yet (edge-lambda-function is being built separately).
    'open-search-domain',
    'bastion',
    'upstash-redis',
    'aws-cdk-construct',
  ],
  /** `events[].type` of a function or web-service */
  event: ['network-load-balancer', 'cloudwatch-log', 'iot', 'sqs-queue-not-empty', 'alarm'],
} as const;

const ISSUE_MARK = 'nxstack-not-supported-yet';

/** Adds the not-supported-yet issue for `what` (for a refinement that looks at a value). */
export function addNotSupportedYetIssue(ctx: z.core.$RefinementCtx, what: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message: `${what} is not supported yet`, path, params: { [ISSUE_MARK]: what } });
}

/** The schemas notSupportedYet() made: the schema-readers test counts their properties as refused, not unread. */
export const NOT_SUPPORTED_YET_SCHEMAS = new WeakSet<z.ZodType>();

/** A property nxstack recognises as Stacktape's but does not compile yet: present = a validation error. */
export function notSupportedYet(what: string, opts: { allowed?: unknown } = {}) {
  const schema = z.unknown().superRefine((value, ctx) => {
    // `allowed`: the value that means "off" (useSpotInstances: false), which nxstack honours by doing nothing.
    if (value !== undefined && !('allowed' in opts && value === opts.allowed)) addNotSupportedYetIssue(ctx, what);
  }).optional();
  NOT_SUPPORTED_YET_SCHEMAS.add(schema);
  return schema;
}

function locatedError(what: string, path: ConfigPath, source: YamlSource): NxstackError {
  return new NxstackError('NXS_NOT_SUPPORTED_YET', `${what} is not supported yet`, {
    location: source.locate(path),
    hint: 'nxstack reads this Stacktape setting but does not deploy it yet; remove it (or deploy this part with Stacktape) until nxstack supports it.',
  });
}

/** The error for a zod issue raised by notSupportedYet(), or undefined for any other issue. */
export function notSupportedYetPropertyError(issue: z.core.$ZodIssue, path: ConfigPath, source: YamlSource): NxstackError | undefined {
  if (issue.code !== 'custom') return undefined;
  const what = (issue.params as Record<string, unknown> | undefined)?.[ISSUE_MARK];
  return typeof what === 'string' ? locatedError(what, path, source) : undefined;
}

/** The error for a discriminator value (`type: hosting-bucket`) nxstack knows from Stacktape but does not compile yet. */
export function notSupportedYetTypeError(got: unknown, path: ConfigPath, source: YamlSource): NxstackError | undefined {
  if (typeof got !== 'string') return undefined;
  const at = path.length === 3 && path[0] === 'resources' ? 'resource' : path.includes('events') ? 'event' : undefined;
  // Every `agentcore-*` type of Stacktape's (Bedrock AgentCore) is out of scope.
  const known = (NOT_SUPPORTED_YET_TYPES[at ?? 'resource'] as readonly string[]).includes(got) || (at === 'resource' && got.startsWith('agentcore-'));
  if (!at || !known) return undefined;
  const what = at === 'resource' ? `resource type '${got}'` : `event type '${got}'`;
  return locatedError(what, path, source);
}
