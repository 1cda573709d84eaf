/**
 * Property-level differences between two CloudFormation templates, per logical id. Used to
 * show which properties a change touches (CloudFormation's own change set Details are used when
 * the service provides them; emulators such as moto leave them out).
 */
import { canonicalJson as stableJson } from '@nxstack/cfn-compiler';

export type TemplateLike = { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> } | undefined> };

/** Changed property paths (`Code.S3Key`, `Environment.Variables.X`) of one resource. */
export function changedPropertyPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (stableJson(before) === stableJson(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  // Intrinsic functions ({ Ref }, { Fn::GetAtt }) and arrays are compared as one value.
  const intrinsic = (v: Record<string, unknown>) => Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));
  if (!isObj(before) || !isObj(after) || intrinsic(before) || intrinsic(after)) return [prefix || '(value)'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) => changedPropertyPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
}

export interface ResourceDiff {
  readonly action: 'Add' | 'Modify' | 'Remove';
  readonly logicalId: string;
  readonly resourceType: string;
  readonly details: string[];
}

export function diffTemplates(before: TemplateLike | undefined, after: TemplateLike): ResourceDiff[] {
  const old = before?.Resources ?? {};
  const cur = after.Resources ?? {};
  const out: ResourceDiff[] = [];
  for (const id of [...new Set([...Object.keys(old), ...Object.keys(cur)])].sort()) {
    const a = old[id];
    const b = cur[id];
    if (!a && b) out.push({ action: 'Add', logicalId: id, resourceType: b.Type ?? '', details: [] });
    else if (a && !b) out.push({ action: 'Remove', logicalId: id, resourceType: a.Type ?? '', details: [] });
    else if (a && b && stableJson(a) !== stableJson(b)) {
      const props = changedPropertyPaths(a.Properties ?? {}, b.Properties ?? {});
      const other = Object.keys({ ...a, ...b })
        .filter((k) => k !== 'Properties' && stableJson((a as Record<string, unknown>)[k]) !== stableJson((b as Record<string, unknown>)[k]));
      out.push({ action: 'Modify', logicalId: id, resourceType: b.Type ?? '', details: [...props, ...other] });
    }
  }
  return out;
}
