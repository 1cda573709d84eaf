/**
 * The CDN settings of every resource that has a CloudFront distribution (a `bucket` or web-service
 * with `cdn.enabled`, a `hosting-bucket` always), read in one place, and the checks that need the
 * whole stack: each `routeRewrites[].routeTo` names a resource of the right type, each
 * `edgeFunctions` entry an `edge-lambda-function` (or a published us-east-1 version ARN) whose
 * memory and timeout fit the trigger's Lambda@Edge limits.
 */
import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { entryFileLanguage } from './packaging';
import type { CdnRouteRewrite, CdnRouteTarget, EdgeFunctionsConfig } from './resource-types/cdn';
import { EDGE_LAMBDA_LIMITS } from './resource-types/edge-lambda-function';
import type { StackConfig } from './stack-schema';
import type { ConfigPath, YamlSource } from './yaml-source';

/** The CloudFront event each `edgeFunctions` key runs on. */
export const EDGE_FUNCTION_TRIGGERS = {
  'onRequest': 'viewer-request',
  'onResponse': 'viewer-response',
  'onOriginRequest': 'origin-request',
  'onOriginResponse': 'origin-response',
} as const;
export type EdgeFunctionTrigger = keyof typeof EDGE_FUNCTION_TRIGGERS;

export interface CdnSettings {
  /** Config path of the object holding routeRewrites / edgeFunctions (`…properties.cdn`, or `…properties` of a hosting-bucket). */
  readonly path: ConfigPath;
  readonly routeRewrites: readonly CdnRouteRewrite[];
  readonly edgeFunctions: EdgeFunctionsConfig;
}

type ResourceLike = { readonly type: string; readonly properties?: unknown };

/** The distribution settings of a resource, or undefined when it has no CDN. */
export function cdnSettingsOf(name: string, resource: ResourceLike): CdnSettings | undefined {
  const props = (resource.properties ?? {}) as Record<string, unknown>;
  const hosting = resource.type === 'hosting-bucket';
  const holder = (hosting ? props : props.cdn) as { enabled?: unknown; routeRewrites?: CdnRouteRewrite[]; edgeFunctions?: EdgeFunctionsConfig } | undefined;
  if (!holder || (!hosting && holder.enabled !== true)) return undefined;
  return { path: ['resources', name, 'properties', ...(hosting ? [] : ['cdn'])], routeRewrites: holder.routeRewrites ?? [], edgeFunctions: holder.edgeFunctions ?? {} };
}

/** The resource name a route target points at (custom origins name none). */
export function routeTargetResource(target: CdnRouteTarget): string | undefined {
  switch (target.type) {
    case 'application-load-balancer': return target.properties.loadBalancerName;
    case 'http-api-gateway': return target.properties.httpApiGatewayName;
    case 'bucket': return target.properties.bucketName;
    case 'function': return target.properties.functionName;
    case 'custom-origin': return undefined;
  }
}

/** A published Lambda version in us-east-1 (CloudFront associates only numbered versions there). */
export const EDGE_VERSION_ARN = /^arn:aws[a-z-]*:lambda:us-east-1:\d{12}:function:[A-Za-z0-9_-]+:\d+$/;

/** Every (trigger, name, config path) of a CDN's edgeFunctions, default behavior and routes. */
export function edgeFunctionUses(s: CdnSettings): Array<{ trigger: EdgeFunctionTrigger; name: string; path: ConfigPath }> {
  const uses: Array<{ trigger: EdgeFunctionTrigger; name: string; path: ConfigPath }> = [];
  const add = (fns: EdgeFunctionsConfig | undefined, at: ConfigPath) => {
    for (const trigger of Object.keys(EDGE_FUNCTION_TRIGGERS) as Array<EdgeFunctionTrigger>) {
      const name = fns?.[trigger];
      if (name) uses.push({ trigger, name, path: [...at, 'edgeFunctions', trigger] });
    }
  };
  add(s.edgeFunctions, s.path);
  s.routeRewrites.forEach((r, i) => add(r.edgeFunctions, [...s.path, 'routeRewrites', i]));
  return uses;
}

export function checkCdns(config: StackConfig, source: YamlSource): NxstackError[] {
  const problems: NxstackError[] = [];
  const resources = config.resources as Record<string, ResourceLike>;
  const names = Object.keys(resources);
  for (const [name, resource] of Object.entries(resources)) {
    if (resource.type === 'edge-lambda-function') problems.push(...checkEdgeLanguage(name, resource, source));
    const s = cdnSettingsOf(name, resource);
    if (!s) continue;
    s.routeRewrites.forEach((r, i) => {
      const target = r.routeTo;
      const targetName = target && routeTargetResource(target);
      if (!target || targetName === undefined) return;
      const at = [...s.path, 'routeRewrites', i, 'routeTo', 'properties'];
      const found = resources[targetName];
      if (!found || found.type !== target.type) {
        const ofType = names.filter((n) => resources[n].type === target.type);
        problems.push(new NxstackError('NXS_CDN_ORIGIN_INVALID', `routeRewrites[${i}] of '${name}' routes to '${targetName}', which is ${found ? `a ${found.type}, not a ${target.type}` : 'not a resource of this stack'}`, {
          location: source.locate(at),
          hint: `${didYouMeanText(targetName, ofType)}${target.type} resources in this stack: ${ofType.join(', ') || '(none)'}.`,
        }));
        return;
      }
      if (target.type === 'function' && (found.properties as { url?: { enabled?: boolean } } | undefined)?.url?.enabled !== true) {
        problems.push(new NxstackError('NXS_CDN_ORIGIN_INVALID', `routeRewrites[${i}] of '${name}' routes to function '${targetName}', which has no URL`, {
          location: source.locate(at),
          hint: `CloudFront reaches a function through its function URL: add url: { enabled: true } to '${targetName}'.`,
        }));
      }
    });
    for (const use of edgeFunctionUses(s)) {
      if (use.name.startsWith('arn:')) {
        if (!EDGE_VERSION_ARN.test(use.name)) {
          problems.push(new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edgeFunctions.${use.trigger} of '${name}' is not a published us-east-1 Lambda version ARN`, {
            location: source.locate(use.path),
            hint: 'CloudFront runs numbered versions of us-east-1 functions only (arn:aws:lambda:us-east-1:<account>:function:<name>:<version>), or name an edge-lambda-function of this stack.',
          }));
        }
        continue;
      }
      const fn = resources[use.name];
      if (fn?.type !== 'edge-lambda-function') {
        const edge = names.filter((n) => resources[n].type === 'edge-lambda-function');
        problems.push(new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edgeFunctions.${use.trigger} of '${name}' names '${use.name}', which is ${fn ? `a ${fn.type}, not an edge-lambda-function` : 'not a resource of this stack'}`, {
          location: source.locate(use.path),
          hint: `${didYouMeanText(use.name, edge)}edge-lambda-function resources in this stack: ${edge.join(', ') || '(none)'}.`,
        }));
        continue;
      }
      const p = fn.properties as { memory: number; timeout: number };
      const limits = use.trigger === 'onRequest' || use.trigger === 'onResponse' ? EDGE_LAMBDA_LIMITS.viewer : EDGE_LAMBDA_LIMITS.origin;
      for (const key of ['memory', 'timeout'] as const) {
        if (p[key] <= limits[key]) continue;
        problems.push(new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${use.name}' has ${key} ${p[key]}, more than Lambda@Edge allows for ${use.trigger} (${limits[key]}${key === 'memory' ? ' MB' : ' s'})`, {
          location: source.locate(['resources', use.name, 'properties', key]),
          hint: `Viewer triggers (onRequest, onResponse) allow ${EDGE_LAMBDA_LIMITS.viewer.memory} MB and ${EDGE_LAMBDA_LIMITS.viewer.timeout} s; origin triggers ${EDGE_LAMBDA_LIMITS.origin.memory} MB and ${EDGE_LAMBDA_LIMITS.origin.timeout} s.`,
        }));
      }
    }
  }
  return problems;
}

/** Lambda@Edge runs Node.js and Python only. */
function checkEdgeLanguage(name: string, resource: ResourceLike, source: YamlSource): NxstackError[] {
  const packaging = (resource.properties as { packaging?: { type?: string; properties?: { entryfilePath?: string } } } | undefined)?.packaging;
  if (packaging?.type !== 'stacktape-lambda-buildpack' || !packaging.properties?.entryfilePath) return [];
  const language = entryFileLanguage(packaging.properties.entryfilePath);
  if (!language || language === 'node' || language === 'python') return [];
  return [new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${name}' is written in ${language}, which Lambda@Edge does not run`, {
    location: source.locate(['resources', name, 'properties', 'packaging', 'properties', 'entryfilePath']),
    hint: 'Write edge functions in JavaScript/TypeScript or Python.',
  })];
}
