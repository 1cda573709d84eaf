/**
 * Decides whether a deploy is code-only: the deployed template and the new one differ only in
 * a Lambda function's code (`Code.S3Bucket/S3Key/ImageUri`) or an ECS task definition's container
 * images. Anything else — another property, a resource added or removed, a parameter, an output —
 * is a reason to deploy through CloudFormation, returned as text the user sees.
 */
import { canonicalJson, SCRIPT_RUN_TYPE } from '@nxstack/cfn-compiler';

type Json = Record<string, unknown>;
export interface TemplateDoc {
  readonly Resources?: Record<string, { Type?: string; Properties?: Json } & Json>;
  readonly [section: string]: unknown;
}

export type HotswapChange =
  | { readonly kind: 'lambda'; readonly logicalId: string; readonly code: Json }
  | { readonly kind: 'ecs-task'; readonly logicalId: string; readonly images: Readonly<Record<string, unknown>>; readonly services: readonly { logicalId: string; cluster: unknown }[] };

export type HotswapPlan = { readonly changes: readonly HotswapChange[] } | { readonly reason: string };

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

export function planHotswap(
  deployed: TemplateDoc,
  next: TemplateDoc,
  deployedParameters: Readonly<Record<string, string>>,
  nextParameters: Readonly<Record<string, string>>,
): HotswapPlan {
  for (const section of new Set([...Object.keys(deployed), ...Object.keys(next)])) {
    if (section !== 'Resources' && !same(deployed[section], next[section])) return { reason: `the template's ${section} changed` };
  }
  if (!same(deployedParameters, nextParameters)) return { reason: 'stack parameters changed' };
  const before = deployed.Resources ?? {};
  const after = next.Resources ?? {};
  for (const id of Object.keys(after)) if (!before[id]) return { reason: `resource ${id} (${after[id].Type}) is new` };
  for (const id of Object.keys(before)) if (!after[id]) return { reason: `resource ${id} (${before[id].Type}) is removed` };
  const changes: HotswapChange[] = [];
  for (const [id, b] of Object.entries(after)) {
    const a = before[id];
    if (same(a, b)) continue;
    // An after:deploy script's Token derives from the whole template: a code change alone changes
    // it, and a hotswap does not run scripts (the next full deploy does, reconciling the drift).
    if (b.Type === SCRIPT_RUN_TYPE && same(withoutToken(a), withoutToken(b))) continue;
    const change = codeOnlyChange(id, a, b, after);
    if (typeof change === 'string') return { reason: change };
    changes.push(change);
  }
  return changes.length ? { changes } : { reason: 'no function code or image changed' };
}

function codeOnlyChange(id: string, a: Json, b: Json & { Type?: string }, resources: NonNullable<TemplateDoc['Resources']>): HotswapChange | string {
  const other = `${id} (${b.Type}) changed beyond its code`;
  if (a['Type'] !== b.Type) return `${id} changed type`;
  const props = (r: Json) => (r['Properties'] ?? {}) as Json;
  if (b.Type === 'AWS::Lambda::Function') {
    if (!same({ ...a, Properties: { ...props(a), Code: null } }, { ...b, Properties: { ...props(b), Code: null } })) return other;
    return { kind: 'lambda', logicalId: id, code: props(b)['Code'] as Json };
  }
  if (b.Type === 'AWS::ECS::TaskDefinition') {
    const withoutImages = (r: Json) => ({ ...r, Properties: { ...props(r), ContainerDefinitions: containers(r).map((c) => ({ ...c, Image: null })) } });
    if (!same(withoutImages(a), withoutImages(b))) return other;
    const images = Object.fromEntries(containers(b).map((c) => [String(c['Name']), c['Image']]));
    const services = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::ECS::Service' && same(r.Properties?.['TaskDefinition'], { Ref: id }))
      .map(([logicalId, r]) => ({ logicalId, cluster: r.Properties?.['Cluster'] }));
    return { kind: 'ecs-task', logicalId: id, images, services };
  }
  return other;
}

const withoutToken = (r: Json): Json => ({ ...r, Properties: { ...((r['Properties'] as Json | undefined) ?? {}), Token: null } });

const containers = (r: Json): Json[] => (((r['Properties'] as Json | undefined)?.['ContainerDefinitions'] as Json[] | undefined) ?? []);

/**
 * A template value as the deployed stack sees it: strings as they are; `Fn::Sub` of pseudo
 * parameters and `Ref` of stack resources resolved. Anything else cannot be hotswapped.
 */
export function resolveValue(value: unknown, ctx: { account: string; region: string; physicalIds: Readonly<Record<string, string>> }): string | undefined {
  if (typeof value === 'string') return value;
  const v = value as Json | null;
  if (v && typeof v['Fn::Sub'] === 'string') {
    let unresolved = false;
    const out = (v['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name === 'AWS::AccountId') return ctx.account;
      if (name === 'AWS::Region') return ctx.region;
      if (name === 'AWS::URLSuffix') return 'amazonaws.com';
      unresolved = true;
      return '';
    });
    return unresolved ? undefined : out;
  }
  if (v && typeof v['Ref'] === 'string') return ctx.physicalIds[v['Ref'] as string];
  if (v && Array.isArray(v['Fn::GetAtt']) && (v['Fn::GetAtt'] as unknown[])[1] === 'Arn') return ctx.physicalIds[String((v['Fn::GetAtt'] as unknown[])[0])];
  return undefined;
}

/**
 * The change that puts a resource's code from `template` in place (for resources an earlier
 * hotswap left different from the stack, though this template matches the stack's).
 */
export function changeFromTemplate(logicalId: string, template: TemplateDoc): HotswapChange | undefined {
  const r = template.Resources?.[logicalId];
  if (!r) return undefined;
  const change = codeOnlyChange(logicalId, r, r, template.Resources ?? {});
  return typeof change === 'string' ? undefined : change;
}
