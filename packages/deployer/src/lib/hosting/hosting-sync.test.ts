/**
 * The AWS-stage path of the hosting upload against moto's S3 and CloudFront: what changed is
 * uploaded with its headers, removed files are deleted, the distribution is invalidated only
 * when something changed, and a failed upload fails loudly. (moto's CloudFormation cannot deploy
 * the stack itself: it answers 500 for Fn::GetAtt of CloudFront resources, which it does not model.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDistributionCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { packageHostingFiles, parseStack } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { createAwsClients } from '../aws-clients';
import type { StageTarget } from '../stage-target';
import { syncHostingBuckets } from './hosting-sync';

describe('hosting upload to an AWS stage (moto)', () => {
  it('uploads what changed with Content-Type/Cache-Control, deletes removed files, invalidates only after a change', async () => {
    const clients = await createAwsClients({ env: { ...motoEnv(), AWS_REGION: 'us-east-1' } });
    const suffix = `${process.pid}-${Date.now()}`;
    const [site, deployment] = [`hosting-site-${suffix}`, `hosting-deploy-${suffix}`];
    await clients.s3.send(new CreateBucketCommand({ Bucket: site }));
    await clients.s3.send(new CreateBucketCommand({ Bucket: deployment }));
    const distribution = (await clients.cloudfront.send(new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `hosting-${suffix}`,
        Comment: 'hosting sync test',
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: 'origin', DomainName: 'example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }] },
        DefaultCacheBehavior: { TargetOriginId: 'origin', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }))).Distribution!.Id!;

    const ws = mkdtempSync(join(tmpdir(), 'hosting-sync-'));
    const dist = join(ws, 'web', 'dist');
    mkdirSync(join(dist, '_astro'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<html><head></head><body>home</body></html>');
    writeFileSync(join(dist, '_astro', 'a.css'), 'a{}');
    writeFileSync(join(dist, 'old.txt'), 'old');
    const stack = parseStack(`resources:\n  web:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: ./dist\n      hostingContentType: astro-static-website\n      injectEnvironment:\n        - name: STAGE\n          value: dev\n`, 'web/stack.yml', { workspaceRoot: ws, checkPaths: false });
    const target = { kind: 'aws', stage: 'dev', region: 'us-east-1', bucket: deployment, clients } as unknown as StageTarget;
    const outputs = { WebName: site, WebHostingDistributionId: distribution, WebInjectedEnv0: 'dev' };
    const lines: string[] = [];
    const sync = async () => {
      await packageHostingFiles({ workspaceRoot: ws, projectRoot: 'web', resourceName: 'web', uploadDirectoryPath: './dist', hostingContentType: 'astro-static-website' });
      return syncHostingBuckets({ workspaceRoot: ws, projectRoot: 'web', stack, stackName: 'web-dev', target, outputs, log: (l) => lines.push(l) });
    };
    const invalidations = async () => (await clients.cloudfront.send(new ListInvalidationsCommand({ DistributionId: distribution }))).InvalidationList?.Quantity;

    expect((await sync())[0]).toMatchObject({ uploaded: ['_astro/a.css', 'index.html', 'old.txt'], deleted: [], unchanged: 0 });
    const index = await clients.s3.send(new GetObjectCommand({ Bucket: site, Key: 'index.html' }));
    expect([index.ContentType, index.CacheControl, await index.Body!.transformToString()]).toEqual(['text/html', 'public, max-age=0, s-maxage=31536000, must-revalidate', '<html><head>\n\t<script>window.STP_INJECTED_ENV = {"STAGE":"dev"}</script></head><body>home</body></html>']);
    const css = await clients.s3.send(new GetObjectCommand({ Bucket: site, Key: '_astro/a.css' }));
    expect([css.ContentType, css.CacheControl]).toEqual(['text/css', 'public, max-age=31536000, immutable']);
    expect(await invalidations()).toBe(1);

    // Nothing changed: nothing uploaded, no invalidation.
    expect((await sync())[0]).toMatchObject({ uploaded: [], deleted: [], unchanged: 3 });
    expect(await invalidations()).toBe(1);

    writeFileSync(join(dist, '_astro', 'a.css'), 'a{color:red}');
    rmSync(join(dist, 'old.txt'));
    expect((await sync())[0]).toMatchObject({ uploaded: ['_astro/a.css'], deleted: ['old.txt'], unchanged: 1 });
    expect(((await clients.s3.send(new ListObjectsV2Command({ Bucket: site }))).Contents ?? []).map((o) => o.Key).sort()).toEqual(['_astro/a.css', 'index.html']);
    expect(await invalidations()).toBe(2);

    // A bucket that is not there: the deploy fails, naming the resource.
    await expect(syncHostingBuckets({ workspaceRoot: ws, projectRoot: 'web', stack, stackName: 'web-dev', target, outputs: { ...outputs, WebName: `${site}-gone` }, log: () => undefined })).rejects.toMatchObject({ code: 'NXS_HOSTING_UPLOAD_FAILED' });
  }, 60_000);
});
