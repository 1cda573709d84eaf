import { describe, expect, it } from 'vitest';
import { parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';

const bucket = (rules: string) => `
resources:
  archive:
    type: bucket
    properties:
      versioning: true
      lifecycleRules:
${rules}`;

const compile = (text: string) => compileStack({ stack: parseStack(text, 'stack.yml', { checkPaths: false }), projectName: 'shop', stage: 'dev', region: 'eu-west-1', artifacts: {} });

function refusal(text: string): { code: string; message: string; line?: number } {
  try {
    compile(text);
  } catch (e) {
    type Problem = { code: string; message: string; location?: { line?: number } };
    const err = ((e as { problems?: Problem[] }).problems?.[0] ?? e) as Problem;
    return { code: err.code, message: err.message, line: err.location?.line };
  }
  throw new Error('expected the stack to be refused');
}

describe('bucket lifecycleRules', () => {
  it("every Stacktape rule type as an S3 lifecycle rule (prefix, tags), cfn-lint clean", async () => {
    const { template } = compile(bucket(`
        - { type: expiration, properties: { prefix: tmp/, daysAfterUpload: 7 } }
        - { type: non-current-version-expiration, properties: { daysAfterVersioned: 30 } }
        - { type: class-transition, properties: { daysAfterUpload: 0, storageClass: GLACIER, tags: [{ key: tier, value: cold }, { key: team, value: data }] } }
        - { type: non-current-version-class-transition, properties: { daysAfterVersioned: 30, storageClass: STANDARD_IA } }
        - { type: abort-incomplete-multipart-upload, properties: { daysAfterInitiation: 2 } }
`));
    expect(template.Resources.ArchiveBucket.Properties?.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'expiration-1', Status: 'Enabled', Prefix: 'tmp/', ExpirationInDays: 7 },
        { Id: 'non-current-version-expiration-2', Status: 'Enabled', NoncurrentVersionExpirationInDays: 30 },
        { Id: 'class-transition-3', Status: 'Enabled', TagFilters: [{ Key: 'tier', Value: 'cold' }, { Key: 'team', Value: 'data' }], Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 0 }] },
        { Id: 'non-current-version-class-transition-4', Status: 'Enabled', NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] },
        { Id: 'abort-incomplete-multipart-upload-5', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
      ],
    });
    expect(await cfnLint(template)).toBe('');
  });

  it('refuses, located, what S3 would refuse at deploy: IA before 30 days, tags on an abort rule, an unknown storage class', () => {
    expect(refusal(bucket(`
        - type: class-transition
          properties: { daysAfterUpload: 10, storageClass: ONEZONE_IA }
`))).toEqual({ code: 'NXS_INVALID_VALUE', message: "lifecycle rule 0 (class-transition) of bucket 'archive' moves objects to ONEZONE_IA after 10 days; S3 needs at least 30.", line: 10 });
    expect(refusal(bucket(`
        - type: abort-incomplete-multipart-upload
          properties: { daysAfterInitiation: 1, tags: [{ key: a, value: b }] }
`))).toMatchObject({ code: 'NXS_INVALID_VALUE', line: 10 });
    expect(refusal(bucket(`
        - type: class-transition
          properties: { daysAfterUpload: 40, storageClass: COLD }
`))).toMatchObject({ line: 10 });
  });
});
