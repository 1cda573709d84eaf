import { DIRECTORY_UPLOAD_OUTPUT_SUFFIX, type BucketProperties } from '@nxstack/core';
import { cdnBucketReadStatement, cdnEnabled, cdnParams, compileCdn, distributionsRoutingTo } from '../cdn/cdn-distribution';
import { lifecycleConfiguration } from '../data/bucket-lifecycle';
import { iamStatement } from '../lambda/lambda-resources';
import { bucketNameSub } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, sub, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

type AccessibilityMode = 'private' | 'public-read' | 'public-read-write';

interface CorsRule {
  allowedOrigins?: string[];
  allowedHeaders?: string[];
  allowedMethods?: string[];
  exposedResponseHeaders?: string[];
  maxAge?: number;
}

const bucketId = (name: string) => logicalId(name, 'Bucket');

/**
 * `type: bucket` — AWS::S3::Bucket named `<project>-<stage>-<resource>-<account>-<region>`
 * (data/physical-name.ts); private (all public access blocked) unless told otherwise. Its name
 * and ARN params are built from that name, not Ref/GetAtt of the bucket: a function that the
 * bucket notifies (s3 event) can list it in connectTo without a bucket → function → bucket cycle.
 * DeletionPolicy Delete: CloudFormation refuses to delete a bucket that still holds objects, so
 * destroying a stage never silently loses data, and an empty bucket does not outlive its stage.
 */
export const bucketType: ResourceTypeModule = {
  type: 'bucket',
  params: {
    name: (name, _properties, scope) => sub(bucketNameSub(scope.projectName, scope.stage, name)),
    arn: (name, _properties, scope) => sub(`arn:\${AWS::Partition}:s3:::${bucketNameSub(scope.projectName, scope.stage, name)}`),
    ...cdnParams(),
  },
  outputs: { Name: 'name', Arn: 'arn', CdnUrl: 'cdnUrl' },
  compile(ctx) {
    const id = bucketId(ctx.name);
    const p = ctx.properties;
    const mode = accessibilityMode(ctx);
    const properties: Record<string, unknown> = {
      BucketName: sub(bucketNameSub(ctx.projectName, ctx.stage, ctx.name)),
      PublicAccessBlockConfiguration: mode === 'private'
        ? { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }
        : { BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: false },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    };
    if (p.versioning === true) properties.VersioningConfiguration = { Status: 'Enabled' };
    if (p.encryption === true) {
      properties.BucketEncryption = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
    }
    const cors = corsConfiguration(ctx);
    if (cors) properties.CorsConfiguration = cors;
    if (p.enableEventBusNotifications === true) properties.NotificationConfiguration = { EventBridgeConfiguration: { EventBridgeEnabled: true } };
    if (p.objectLockEnabled === true) properties.ObjectLockEnabled = true;
    const lifecycle = lifecycleConfiguration(ctx as ResourceCompileContext<BucketProperties>);
    if (lifecycle) properties.LifecycleConfiguration = lifecycle;
    ctx.builder.addResource(id, { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: properties }, ctx.origin);
    // deploy makes the bucket's objects mirror the folder (deployer hosting-sync.ts): destroy may empty it.
    if (p.directoryUpload) ctx.builder.addOutput(logicalId(ctx.name, DIRECTORY_UPLOAD_OUTPUT_SUFFIX), { Value: ref(id), Description: `bucket '${ctx.name}', whose objects deploy syncs from directoryUpload` });

    const statements: unknown[] = [];
    if (mode !== 'private') {
      const actions = mode === 'public-read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
      statements.push({ Effect: 'Allow', Principal: '*', Action: actions, Resource: { 'Fn::Join': ['', [getAtt(id, 'Arn'), '/*']] } });
    }
    if (cdnEnabled(p)) {
      statements.push(cdnBucketReadStatement(ctx.name, getAtt(id, 'Arn')));
      compileCdn(ctx, { kind: 'bucket', regionalDomainName: getAtt(id, 'RegionalDomainName') });
    }
    ((p as BucketProperties).accessibility?.accessPolicyStatements ?? []).forEach((st, i) => statements.push(bucketPolicyStatement(ctx, st as Record<string, unknown>, i)));
    // Other resources' distributions with a routeRewrites entry to this bucket read it too.
    for (const owner of distributionsRoutingTo(ctx, ctx.name)) {
      if (owner !== ctx.name) statements.push(cdnBucketReadStatement(owner, getAtt(id, 'Arn')));
    }
    if (statements.length) {
      ctx.builder.addResource(logicalId(ctx.name, 'BucketPolicy'), {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: ref(id), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
      }, ctx.origin);
    }
  },
};

/** `accessibility.accessibilityMode` as core's loader validated it (one of the three modes); private by default. */
function accessibilityMode(ctx: ResourceCompileContext): AccessibilityMode {
  return (ctx.properties as BucketProperties).accessibility?.accessibilityMode ?? 'private';
}

/** One `accessibility.accessPolicyStatements` entry (core's loader requires its Principal): a bucket policy statement. */
function bucketPolicyStatement(ctx: ResourceCompileContext, s: Record<string, unknown>, index: number): Record<string, unknown> {
  const at = ['accessibility', 'accessPolicyStatements'];
  const { Sid, Effect, ...rest } = iamStatement(ctx, s, index, at);
  return { ...(Sid !== undefined ? { Sid } : {}), Effect, Principal: ctx.resolve(s.Principal, [...ctx.path, 'properties', ...at, index, 'Principal']), ...rest };
}

/** Stacktape's `cors: { enabled, corsRules }`; enabled without rules allows GET/PUT/POST/DELETE/HEAD from any origin. */
function corsConfiguration(ctx: ResourceCompileContext): unknown {
  const cors = ctx.properties.cors as { enabled?: boolean; corsRules?: CorsRule[] } | undefined;
  if (!cors?.enabled) return undefined;
  const rules = cors.corsRules?.length
    ? cors.corsRules
    : [{ allowedOrigins: ['*'], allowedHeaders: ['*'], allowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] }];
  return {
    CorsRules: rules.map((r, i) => {
      const rule: Record<string, unknown> = {
        AllowedOrigins: ctx.resolve(r.allowedOrigins ?? ['*'], [...ctx.path, 'properties', 'cors', 'corsRules', i, 'allowedOrigins']),
        AllowedMethods: r.allowedMethods ?? ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
      };
      if (r.allowedHeaders) rule.AllowedHeaders = r.allowedHeaders;
      if (r.exposedResponseHeaders) rule.ExposedHeaders = r.exposedResponseHeaders;
      if (r.maxAge !== undefined) rule.MaxAge = r.maxAge;
      return rule;
    }),
  };
}
