import { NxstackError, type BucketProperties } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

type LifecycleRule = NonNullable<BucketProperties['lifecycleRules']>[number];

/** Storage classes S3 moves an object to only once it is 30 days old (current or noncurrent). */
const THIRTY_DAY_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA']);

/**
 * A bucket's `lifecycleRules` (Stacktape's rule types) as the bucket's LifecycleConfiguration,
 * one enabled S3 rule each, as Stacktape compiles them: `prefix` and `tags` limit the rule,
 * expiration → ExpirationInDays, non-current-version-expiration → NoncurrentVersionExpirationInDays,
 * class-transition / non-current-version-class-transition → one (noncurrent) transition,
 * abort-incomplete-multipart-upload → AbortIncompleteMultipartUpload. What S3 would refuse at
 * deploy (a transition to an IA class before 30 days, tags on an abort rule) is refused here, located.
 */
export function lifecycleConfiguration(ctx: ResourceCompileContext<BucketProperties>): Record<string, unknown> | undefined {
  const rules = ctx.properties.lifecycleRules ?? [];
  if (!rules.length) return undefined;
  return { Rules: rules.map((rule, i) => lifecycleRule(ctx, rule, i)) };
}

function lifecycleRule(ctx: ResourceCompileContext<BucketProperties>, rule: LifecycleRule, i: number): Record<string, unknown> {
  const at = [...ctx.path, 'properties', 'lifecycleRules', i, 'properties'];
  const p = rule.properties;
  const out: Record<string, unknown> = { Id: `${rule.type}-${i + 1}`, Status: 'Enabled' };
  if (p.prefix !== undefined) out.Prefix = p.prefix;
  if (p.tags?.length) {
    if (rule.type === 'abort-incomplete-multipart-upload') {
      throw new NxstackError('NXS_INVALID_VALUE', `lifecycle rule ${i} (abort-incomplete-multipart-upload) of bucket '${ctx.name}' has tags, which S3 does not allow on it.`, {
        location: ctx.locate([...at, 'tags']),
        hint: 'An upload in progress has no tags yet: limit the rule by prefix only.',
      });
    }
    out.TagFilters = p.tags.map((t) => ({ Key: t.key, Value: t.value }));
  }
  const transition = (daysAt: string, days: number, storageClass: string) => {
    if (THIRTY_DAY_CLASSES.has(storageClass) && days < 30) {
      throw new NxstackError('NXS_INVALID_VALUE', `lifecycle rule ${i} (${rule.type}) of bucket '${ctx.name}' moves objects to ${storageClass} after ${days} days; S3 needs at least 30.`, {
        location: ctx.locate([...at, daysAt]),
        hint: `Set ${daysAt}: 30 or more, or use another storageClass (GLACIER, DEEP_ARCHIVE, INTELLIGENT_TIERING take any age).`,
      });
    }
    return [{ StorageClass: storageClass, TransitionInDays: days }];
  };
  switch (rule.type) {
    case 'expiration':
      out.ExpirationInDays = rule.properties.daysAfterUpload;
      break;
    case 'non-current-version-expiration':
      out.NoncurrentVersionExpirationInDays = rule.properties.daysAfterVersioned;
      break;
    case 'class-transition':
      out.Transitions = transition('daysAfterUpload', rule.properties.daysAfterUpload, rule.properties.storageClass);
      break;
    case 'non-current-version-class-transition':
      out.NoncurrentVersionTransitions = transition('daysAfterVersioned', rule.properties.daysAfterVersioned, rule.properties.storageClass);
      break;
    case 'abort-incomplete-multipart-upload':
      out.AbortIncompleteMultipartUpload = { DaysAfterInitiation: rule.properties.daysAfterInitiation };
      break;
  }
  return out;
}
