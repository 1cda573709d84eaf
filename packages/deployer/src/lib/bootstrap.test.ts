import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateStackCommand, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetBucketEncryptionCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { countOf, recordCalls } from './__fixtures__/aws-calls';
import { createAwsClients } from './aws-clients';
import { BOOTSTRAP_VERSION, bootstrapTemplate, bootstrapVersionOf, deploymentBucketName, ensureBootstrap } from './bootstrap';

describe('ensureBootstrap (moto)', () => {
  it('creates the deployment bucket stack once, then only reads it', async () => {
    const clients = await createAwsClients({ env: motoEnv() });
    const calls = recordCalls(clients.cloudformation, clients.sts);
    const first = await ensureBootstrap({ stage: 'boot-once', region: clients.region, cloudformation: clients.cloudformation, sts: clients.sts, pollIntervalMs: 50 });
    expect(first).toEqual({ stackName: 'nxstack-bootstrap-boot-once', bucket: 'nxstack-123456789012-us-east-1-boot-once', created: true });
    expect(countOf(calls, 'CreateStack')).toBe(1);

    const second = await ensureBootstrap({ stage: 'boot-once', region: clients.region, cloudformation: clients.cloudformation, sts: clients.sts, pollIntervalMs: 50 });
    expect(second).toEqual({ ...first, created: false });
    expect(countOf(calls, 'CreateStack')).toBe(1);

    await clients.s3.send(new HeadBucketCommand({ Bucket: first.bucket }));
    const enc = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: first.bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  });

  it('is safe when several tasks bootstrap the same stage at once', async () => {
    // Tasks on one machine share the workspace's lock file, as the publish executor passes it
    // (moto's CreateStack is not atomic, so without it two creates would race inside moto).
    const lockFile = path.join(mkdtempSync(path.join(tmpdir(), 'nxs-boot-')), 'bootstrap.lock');
    const results = await Promise.all(
      [0, 1, 2].map(async () => {
        const c = await createAwsClients({ env: motoEnv() });
        return ensureBootstrap({ stage: 'boot-race', region: c.region, cloudformation: c.cloudformation, sts: c.sts, pollIntervalMs: 50, lockFile });
      }),
    );
    expect(new Set(results.map((r) => r.bucket))).toEqual(new Set(['nxstack-123456789012-us-east-1-boot-race']));
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('upgrades a bootstrap stack made before the retired-artifact rule to this version, once, keeping its bucket', async () => {
    const clients = await createAwsClients({ env: motoEnv() });
    const bucket = deploymentBucketName('123456789012', clients.region, 'boot-old');
    // The version-1 template: no BootstrapVersion output, no expiry rule.
    const v1 = bootstrapTemplate(bucket) as any;
    delete v1.Outputs.BootstrapVersion;
    v1.Resources.DeploymentBucket.Properties.LifecycleConfiguration.Rules.splice(1);
    await clients.cloudformation.send(new CreateStackCommand({ StackName: 'nxstack-bootstrap-boot-old', TemplateBody: JSON.stringify(v1) }));
    const calls = recordCalls(clients.cloudformation);
    const lines: string[] = [];
    const input = { stage: 'boot-old', region: clients.region, cloudformation: clients.cloudformation, sts: clients.sts, pollIntervalMs: 50, log: (l: string) => lines.push(l) };
    expect(await ensureBootstrap(input)).toEqual({ stackName: 'nxstack-bootstrap-boot-old', bucket, created: false, upgraded: true });
    expect(countOf(calls, 'UpdateStack')).toBe(1);
    expect(lines).toContain(`upgrading bootstrap stack nxstack-bootstrap-boot-old from version 1 to ${BOOTSTRAP_VERSION} (bucket ${bucket} kept)`);
    const body = JSON.parse((await clients.cloudformation.send(new GetTemplateCommand({ StackName: 'nxstack-bootstrap-boot-old' }))).TemplateBody ?? '{}');
    expect(body.Resources.DeploymentBucket.Properties.LifecycleConfiguration.Rules.map((r: { Id: string }) => r.Id)).toEqual(['abort-incomplete-multipart-uploads', 'expire-retired-artifacts']);
    const [stack] = (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'nxstack-bootstrap-boot-old' }))).Stacks ?? [];
    expect(bootstrapVersionOf(stack!)).toBe(BOOTSTRAP_VERSION);

    // Upgraded: later runs only read it.
    expect(await ensureBootstrap(input)).toEqual({ stackName: 'nxstack-bootstrap-boot-old', bucket, created: false });
    expect(countOf(calls, 'UpdateStack')).toBe(1);
    // A stack of a newer version (a newer nxstack bootstrapped it) is not downgraded.
    expect(bootstrapVersionOf({ Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: String(BOOTSTRAP_VERSION + 1) }] })).toBe(BOOTSTRAP_VERSION + 1);
  });

  it('derives a valid bucket name within 63 characters', () => {
    const name = deploymentBucketName('123456789012', 'ap-southeast-2', 'a-very-long-stage-name-for-preview-42');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(name.startsWith('nxstack-123456789012-ap-southeast-2-a-very-long')).toBe(true);
  });

  it('bootstrap template: no versioning, public access blocked, abort incomplete multipart uploads, retired artifacts expire, passes cfn-lint', async () => {
    // moto's CloudFormation S3 bucket ignores LifecycleConfiguration and PublicAccessBlockConfiguration,
    // so those are checked on the template (encryption is checked on the moto bucket above).
    const template = bootstrapTemplate('nxstack-123456789012-us-east-1-dev') as any;
    const props = template.Resources.DeploymentBucket.Properties;
    expect(props.VersioningConfiguration).toBeUndefined();
    expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(props.LifecycleConfiguration.Rules).toEqual([
      { Id: 'abort-incomplete-multipart-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      { Id: 'expire-retired-artifacts', Status: 'Enabled', TagFilters: [{ Key: 'nxstack:retired', Value: 'true' }], ExpirationInDays: 30 },
    ]);
    expect(await cfnLint(template)).toBe('');
  });
});
