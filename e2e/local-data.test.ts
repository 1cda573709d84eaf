/**
 * The local stage's data resources through the real nx CLI on a packed install: `deploy` creates
 * the stack's bucket in the workspace's local AWS server (moto, installed on first use), a
 * function connected to it writes an object during `invoke` (a later nx run than the deploy),
 * the object is read back from moto, the server survives a stale server.json and a taken port,
 * a user's own AWS_ENDPOINT_URL wins, and `destroy` removes the bucket and stops the server.
 */
import { GetBucketLifecycleConfigurationCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addSampleFunction } from './lib/add-function';
import { expectSuccess, resultOf } from './lib/nx-run-checks';
import { createSampleWorkspace, runNx } from './lib/sample-workspace';
import '../tools/test-services/provided-context';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { describeKinesisStream } from './lib/moto-kinesis';
import { motoJson } from '../tools/test-services/moto-json';
import { createHostedZone, listRecords, upsertRecord } from '../tools/test-services/moto-route53';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { motoEnv } from '../tools/test-services/aws-env';
import { GetFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { pushBusyboxBase } from '../packages/image-builder/src/__fixtures__/busybox-base';
import { processAlive, processesGone } from './lib/process-alive';

const TEN_MINUTES = 600_000;
let ws: string;

interface ServerFile {
  pid: number;
  port: number;
  token: string;
}
const serverFile = () => path.join(ws, '.nxstack/local/.local-aws/server.json');
const readServer = (): ServerFile => JSON.parse(readFileSync(serverFile(), 'utf8')) as ServerFile;
const s3Of = (port: number) => new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'local', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true });

async function readObject(port: number, bucket: string, key: string): Promise<string> {
  const got = await s3Of(port).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

async function waitForExit(pid: number): Promise<void> {
  expect(await processesGone([pid], 10_000)).toEqual([]);
}

describe('e2e: local stage data resources in the local AWS server', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
    addSampleFunction(ws, {
      name: 'writer',
      file: 'writer.ts',
      packaging: 'stacktape-lambda-buildpack',
      properties: ['connectTo: [uploads]'],
      code: [
        "import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';",
        '',
        'export const handler = async (event: { key: string; dryRun?: boolean }) => {',
        '  const bucket = process.env.STP_UPLOADS_NAME;',
        '  const seen = { bucket, endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION };',
        '  if (event.dryRun) return seen;',
        "  await new S3Client({}).send(new PutObjectCommand({ Bucket: bucket, Key: event.key, Body: 'written by writer' }));",
        '  return seen;',
        '};',
      ],
    });
    writeFileSync(path.join(ws, 'put.json'), JSON.stringify({ key: 'notes/one.txt' }));
    writeFileSync(path.join(ws, 'dry.json'), JSON.stringify({ key: 'x', dryRun: true }));
  }, TEN_MINUTES);

  afterAll(() => {
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('deploy creates the bucket in moto; a later invoke writes to it and the object is readable', async () => {
    const deploy = runNx(ws, ['run', 'api:deploy']);
    expectSuccess(deploy);
    expect(deploy.output).toMatch(/local AWS \(moto\) at http:\/\/127\.0\.0\.1:\d+: created UploadsBucket/);
    const server = readServer();
    expect(processAlive(server.pid)).toBe(true);
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/api/state.json'), 'utf8')) as { outputs: Record<string, string> };
    const bucket = state.outputs['UploadsName'];
    expect(bucket).toBe('api-local-uploads-000000000000-local');
    await s3Of(server.port).send(new HeadBucketCommand({ Bucket: bucket }));

    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'writer', '--event', 'put.json']);
    expectSuccess(run);
    expect(resultOf(run)).toEqual({ bucket, endpoint: `http://127.0.0.1:${server.port}`, region: 'local' });
    expect(await readObject(server.port, bucket, 'notes/one.txt')).toBe('written by writer');
  }, TEN_MINUTES);

  it('a stale server.json naming a taken port: invoke starts a new server elsewhere and re-creates the bucket', async () => {
    const old = readServer();
    rmSync(serverFile());
    await waitForExit(old.pid);
    // Something else now holds the old port, and the stale file still names it.
    const squatter: Server = createServer((_req, res) => res.end('not moto'));
    await new Promise<void>((r) => squatter.listen(old.port, '127.0.0.1', r));
    try {
      writeFileSync(serverFile(), JSON.stringify(old));
      const run = runNx(ws, ['run', 'api:invoke', '--resource', 'writer', '--event', 'put.json']);
      expectSuccess(run);
      expect(run.output).toContain("the local AWS server was restarted: creating api-local's data resources again (empty)");
      const fresh = readServer();
      expect(fresh.port).not.toBe(old.port);
      expect(fresh.token).not.toBe(old.token);
      expect(await readObject(fresh.port, 'api-local-uploads-000000000000-local', 'notes/one.txt')).toBe('written by writer');
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  }, TEN_MINUTES);

  it("a user's own AWS_ENDPOINT_URL is kept", () => {
    const own = inject('motoEndpoint');
    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'writer', '--event', 'dry.json'], { AWS_ENDPOINT_URL: own, AWS_REGION: 'eu-west-1' });
    expectSuccess(run);
    expect(resultOf(run)).toMatchObject({ endpoint: own, region: 'eu-west-1' });
  }, TEN_MINUTES);

  it('Stacktape starter resources (web-service cors + cdn, bucket cdn behind a web-app-firewall + lifecycleRules + directoryUpload, kinesis-stream + its event, user-auth-pool hosted UI): local deploy creates the stream, the bucket with its lifecycle rules and the uploaded folder; the AWS-stage template is cfn-lint clean', async () => {
    cpSync(path.join(__dirname, 'starters-project'), path.join(ws, 'shop'), { recursive: true });
    // The web-service's prebuilt image comes from the test registry (public registries are out of reach).
    const image = await pushBusyboxBase('starters/web', '1');
    const stackFile = path.join(ws, 'shop', 'stack.yml');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('__IMAGE__', image));
    const deploy = runNx(ws, ['run', 'shop:deploy']);
    expectSuccess(deploy);
    expect(deploy.output).toMatch(/local AWS \(moto\) at http:\/\/127\.0\.0\.1:\d+: created ClicksKinesisStream/);
    expect(deploy.output).toContain("web-app-firewall 'edgeFirewall' is not enforced on the local stage");
    const stream = await describeKinesisStream(readServer().port, 'shop-local-clicks');
    expect(stream).toMatchObject({ StreamName: 'shop-local-clicks', StreamStatus: 'ACTIVE' });
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/shop/state.json'), 'utf8')) as { outputs: Record<string, string> };
    expect(state.outputs).toMatchObject({ ClicksName: 'shop-local-clicks' });
    // directoryUpload: package--site packaged the folder (minus *.tmp), deploy put it into the local bucket with its headers.
    expect(deploy.output).toContain('nx run shop:package--site');
    expect(deploy.output).toContain(`site: 2 uploaded, 0 deleted, 0 unchanged (bucket ${state.outputs['SiteName']})`);
    const listed = await s3Of(readServer().port).send(new ListObjectsV2Command({ Bucket: state.outputs['SiteName'] }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(['docs/index.html', 'hello.txt']);
    expect(await readObject(readServer().port, state.outputs['SiteName'], 'hello.txt')).toBe('hello from directoryUpload\n');
    const head = await s3Of(readServer().port).send(new HeadObjectCommand({ Bucket: state.outputs['SiteName'], Key: 'hello.txt' }));
    expect([head.ContentType, head.CacheControl]).toEqual(['text/plain', 'max-age=60']);
    const lifecycle = await s3Of(readServer().port).send(new GetBucketLifecycleConfigurationCommand({ Bucket: state.outputs['SiteName'] }));
    expect(lifecycle.Rules).toEqual([
      expect.objectContaining({ ID: 'expiration-1', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }),
      expect.objectContaining({ ID: 'class-transition-2', Filter: { Tag: { Key: 'tier', Value: 'cold' } }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }),
      expect.objectContaining({ ID: 'non-current-version-expiration-3', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      expect.objectContaining({ ID: 'abort-incomplete-multipart-upload-4', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } }),
    ]);

    const synth = runNx(ws, ['run', 'shop:synth-aws']);
    expectSuccess(synth);
    const template = path.join(ws, 'dist/shop-starters.json');
    const types = Object.values((JSON.parse(readFileSync(template, 'utf8')) as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::CloudFront::OriginAccessControl', 'AWS::Kinesis::Stream', 'AWS::Lambda::EventSourceMapping']));
    const resources = (JSON.parse(readFileSync(template, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources;
    expect(resources.SiteBucket.Properties.LifecycleConfiguration).toEqual({ Rules: [
      { Id: 'expiration-1', Status: 'Enabled', Prefix: 'tmp/', ExpirationInDays: 7 },
      { Id: 'class-transition-2', Status: 'Enabled', TagFilters: [{ Key: 'tier', Value: 'cold' }], Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] },
      { Id: 'non-current-version-expiration-3', Status: 'Enabled', NoncurrentVersionExpirationInDays: 30 },
      { Id: 'abort-incomplete-multipart-upload-4', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
    ] });
    expect((JSON.parse(readFileSync(template, 'utf8')) as { Outputs: Record<string, unknown> }).Outputs.SiteDirectoryUploadBucket).toMatchObject({ Value: { Ref: 'SiteBucket' } });
    // Stacktape's accessibility.accessPolicyStatements join the bucket policy; enableEventBusNotifications turns on EventBridge.
    expect(resources.SiteBucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect((resources.SiteBucketPolicy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['s3:ListBucket'] }),
    );
    expect(resources.AuthUserPoolDomain.Properties).toMatchObject({ Domain: 'starters-shop-auth' });
    // web-app-firewall (scope cdn: the synth target's stack is in us-east-1, where AWS keeps CloudFront firewalls) on the bucket's distribution.
    expect(resources.EdgeFirewallWebAcl).toMatchObject({ Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } } });
    expect((resources.EdgeFirewallWebAcl.Properties.Rules as unknown[]).map((r) => (r as { Statement: unknown }).Statement)).toEqual([
      { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', ExcludedRules: [{ Name: 'SizeRestrictions_BODY' }] } },
      { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
    ]);
    expect((resources.SiteCdnDistribution.Properties.DistributionConfig as { WebACLId?: unknown }).WebACLId).toEqual({ 'Fn::GetAtt': ['EdgeFirewallWebAcl', 'Arn'] });
    expect(resources.AuthUserPoolUICustomization.Properties).toMatchObject({ CSS: '.banner-customizable { background: #0a0a0a; }' });
    expect(resources.AuthUserPoolClient.Properties).toMatchObject({ AllowedOAuthFlows: ['code'], CallbackURLs: ['https://shop.example.com/callback'] });
    expect(await cfnLint(template)).toBe('');

    const destroy = runNx(ws, ['run', 'shop:destroy']);
    expectSuccess(destroy);
    expect(destroy.output).toContain('local AWS (moto): removed ClicksKinesisStream');
  }, TEN_MINUTES);

  it('user-auth-pool with hooks, custom attributes, an OIDC provider, a customDomain and useFirewall (also on a web-service load balancer): the local stage says what it does not emulate or serve; on moto, cognito-idp has the LambdaConfig, attributes, provider and custom domain, WAF guards the pool and the load balancer', async () => {
    cpSync(path.join(__dirname, 'auth-pool-project'), path.join(ws, 'members'), { recursive: true });
    const stackFile = path.join(ws, 'members', 'stack.yml');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('__IMAGE__', await pushBusyboxBase('members/portal', '1')));
    const local = runNx(ws, ['run', 'members:deploy']);
    expectSuccess(local);
    expect(local.output).toMatch(/members\/stack\.yml:\d+:\d+: user-auth-pool 'members': the local stage does not emulate Cognito: its hooks \(preSignUp, postConfirmation\) are never invoked and its identity providers \(OIDC\) are never contacted there/);
    expect(local.output).toMatch(/MembersCustomDomainsNotServedLocally\s+auth\.members-e2e\.example/);
    expect(local.output).toContain("web-app-firewall 'guard' is not enforced on the local stage");

    const env = motoEnv('us-east-1');
    // The custom domain's hosted zone; Cognito needs its parent domain to resolve.
    const zoneId = await createHostedZone(env.AWS_ENDPOINT_URL, 'members-e2e.example');
    await upsertRecord(env.AWS_ENDPOINT_URL, zoneId, { name: 'members-e2e.example', type: 'A', value: '192.0.2.20' });
    const deploy = runNx(ws, ['run', 'members:deploy', '--stage', 'authpool', '--region', 'us-east-1'], env);
    expectSuccess(deploy);
    expect(deploy.output).not.toContain('does not emulate Cognito');
    expect(deploy.output).toMatch(/MembersCustomDomainUrls\s+https:\/\/auth\.members-e2e\.example/);
    const cognito = <T>(target: string, body: Record<string, unknown>) => motoJson<T>({ endpoint: env.AWS_ENDPOINT_URL, region: 'us-east-1', service: 'cognito-idp' }, `AWSCognitoIdentityProviderService.${target}`, body);
    const { UserPools = [] } = await cognito<{ UserPools?: Array<{ Id: string; Name: string }> }>('ListUserPools', { MaxResults: 60 });
    const poolId = UserPools.find((p) => p.Name === 'members-authpool-members')?.Id;
    expect(poolId, JSON.stringify(UserPools)).toBeDefined();
    const { UserPool: pool } = await cognito<{ UserPool: Record<string, any> }>('DescribeUserPool', { UserPoolId: poolId });
    const lambda = new LambdaClient({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const hookArn = (await lambda.send(new GetFunctionCommand({ FunctionName: 'members-authpool-onSignUp' }))).Configuration?.FunctionArn;
    expect(pool.LambdaConfig).toEqual({ PreSignUp: hookArn, PostConfirmation: hookArn });
    expect(pool.SchemaAttributes).toEqual(expect.arrayContaining([
      expect.objectContaining({ Name: 'custom:plan', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: expect.objectContaining({ MaxLength: '32' }) }),
      expect.objectContaining({ Name: 'custom:seats', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '500' } }),
    ]));
    expect(pool.UsernameAttributes).toEqual(['phone_number', 'email']);
    // The function lets cognito-idp (for this pool only) invoke it.
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'members-authpool-onSignUp' }))).Policy ?? '{}') as { Statement: Array<Record<string, any>> };
    expect(JSON.stringify(policy.Statement)).toContain('cognito-idp.amazonaws.com');
    const { IdentityProvider: oidc } = await cognito<{ IdentityProvider: Record<string, any> }>('DescribeIdentityProvider', { UserPoolId: poolId, ProviderName: 'OIDC' });
    // moto does not resolve dynamic references (CloudFormation does): the secret's value never entered the template.
    expect(oidc).toMatchObject({ ProviderType: 'OIDC', ProviderDetails: { client_id: 'members-app', client_secret: '{{resolve:secretsmanager:members/oidc-client-secret}}', oidc_issuer: 'https://issuer.example.com' } });
    const { UserPoolClients = [] } = await cognito<{ UserPoolClients?: Array<{ ClientId: string }> }>('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 10 });
    const { UserPoolClient: client } = await cognito<{ UserPoolClient: Record<string, any> }>('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: UserPoolClients[0]?.ClientId });
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO', 'OIDC']);
    // customDomain: Cognito's domain on nxstack's us-east-1 certificate, and the alias record to its distribution.
    const { DomainDescription: domain } = await cognito<{ DomainDescription: { UserPoolId: string; CloudFrontDistribution: string } }>('DescribeUserPoolDomain', { Domain: 'auth.members-e2e.example' });
    expect(domain.UserPoolId).toBe(poolId);
    expect((await listRecords(env.AWS_ENDPOINT_URL, zoneId)).map((r) => [r.name, r.type, r.aliasTarget])).toContainEqual(['auth.members-e2e.example', 'A', domain.CloudFrontDistribution]);
    // useFirewall: the regional web ACL guards the pool and the web-service's load balancer.
    const waf = <T>(target: string, body: Record<string, unknown>) => motoJson<T>({ endpoint: env.AWS_ENDPOINT_URL, region: 'us-east-1', service: 'wafv2' }, `AWSWAF_20190729.${target}`, body);
    const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 'members-authpool' }))).StackResourceSummaries ?? [];
    const loadBalancer = resources.find((r) => r.LogicalResourceId === 'PortalLoadBalancer')?.PhysicalResourceId;
    for (const arn of [pool.Arn as string, loadBalancer]) {
      expect((await waf<{ WebACL?: { Name: string } }>('GetWebACLForResource', { ResourceArn: arn })).WebACL?.Name, arn).toBe('members-authpool-guard');
    }
  }, TEN_MINUTES);

  it('relational-database + redis-cluster run as local servers: the afterDeploy migration and a function use them, a re-deploy keeps the data, destroy stops them', () => {
    cpSync(path.join(__dirname, 'databases-project'), path.join(ws, 'dbs'), { recursive: true });
    mkdirSync(path.join(ws, '.nxstack'), { recursive: true });
    writeFileSync(path.join(ws, '.nxstack/secrets.json'), JSON.stringify({ 'dbs.password': "s3cret'pw", 'cache.password': 'r3dis' }));
    writeFileSync(path.join(ws, 'kv.json'), JSON.stringify({ key: 'greeting', value: 'hello' }));
    // The host's servers (Debian postgresql, redis-server): public images cannot be pulled here.
    const env = { NXSTACK_LOCAL_DATABASES: 'host' };
    const deploy = runNx(ws, ['run', 'dbs:deploy'], env);
    expectSuccess(deploy);
    expect(deploy.output).toMatch(/warning: 'mainDb' asks for PostgreSQL 18\.1; without Docker the local stage runs the host's PostgreSQL \d+/);
    expect(deploy.output).toMatch(/local postgres of 'mainDb' started on 127\.0\.0\.1:\d+/);
    expect(deploy.output).toMatch(/local redis of 'cache' started on 127\.0\.0\.1:\d+/);
    expect(deploy.output).toContain('migrated');
    expect(deploy.output).not.toContain("s3cret'pw");
    const servers = () => readdirSync(path.join(ws, '.nxstack/local/.databases/dbs-local')).map((id) => JSON.parse(readFileSync(path.join(ws, '.nxstack/local/.databases/dbs-local', id, 'server.json'), 'utf8')) as { pid: number; spec: { port: number } });
    const first = servers();
    expect(first).toHaveLength(2);

    const redeploy = runNx(ws, ['run', 'dbs:deploy'], env);
    expectSuccess(redeploy);
    expect(servers().map((s) => s.pid)).toEqual(first.map((s) => s.pid));
    const invoke = runNx(ws, ['run', 'dbs:invoke', '--resource', 'reader', '--event', 'kv.json'], env);
    expectSuccess(invoke);
    const db = first.find((s) => s.spec.port === Number((resultOf(invoke) as { port: string }).port));
    expect(db).toBeDefined();
    expect(resultOf(invoke)).toEqual({ rows: [['migrated', '2']], redis: ['OK', 'hello'], host: '127.0.0.1', port: String(db!.spec.port) });

    const destroy = runNx(ws, ['run', 'dbs:destroy'], env);
    expectSuccess(destroy);
    expect(destroy.output).toContain('local database servers stopped and their data removed: cache, mainDb');
    for (const s of first) expect(processAlive(s.pid)).toBe(false);
    expect(existsSync(path.join(ws, '.nxstack/local/.databases/dbs-local'))).toBe(false);
  }, TEN_MINUTES);

  it('destroy deletes the bucket and stops the server (no other stack holds anything there)', async () => {
    const server = readServer();
    const run = runNx(ws, ['run', 'api:destroy']);
    expectSuccess(run);
    expect(run.output).toContain('local AWS (moto): removed UploadsBucket');
    expect(run.output).toContain('local AWS (moto) stopped: no stack holds data resources there any more');
    await waitForExit(server.pid);
    expect(existsSync(serverFile())).toBe(false);
    expect(existsSync(path.join(ws, '.nxstack/local/.local-aws/stacks/api-local.json'))).toBe(false);
  }, TEN_MINUTES);
});
