import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError, resourceOutputDir, writeManifest } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { canonicalJson, templateHash } from './canonical-json';
import { contentAddressedKey } from './content-key';
import { deploymentBucketPlaceholder } from './deployment-bucket';
import { synthStack } from './synth';
import { parsedFixtureStack, manifest, sampleConfig } from './__fixtures__/sample-stack';

async function workspaceWithManifests(shaOfMyLambda = 'd'.repeat(64)): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'nxstack-synth-'));
  await writeManifest(join(root, resourceOutputDir('apps/api', 'myLambda')), manifest('myLambda', { sha256: shaOfMyLambda }));
  await writeManifest(join(root, resourceOutputDir('apps/api', 'legacyTool')), manifest('legacyTool', { runtime: 'python3.12', packager: 'custom-artifact', handler: 'main.handler' }));
  return root;
}

describe('synthStack', () => {
  it('reads manifests, uses content-addressed keys and writes a canonical template file', async () => {
    const root = await workspaceWithManifests();
    const result = await synthStack({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(sampleConfig()), stage: 'staging' });
    expect(result.outputFile).toBe(join(root, 'dist/stack/apps/api/template-staging.json'));
    const text = readFileSync(result.outputFile, 'utf8');
    expect(text).toBe(canonicalJson(result.template, 2) + '\n');
    expect(text).toContain('\n  "AWSTemplateFormatVersion"');
    expect(JSON.parse(text).Resources.MyLambdaFunction.Properties.Code).toEqual({
      S3Bucket: deploymentBucketPlaceholder('api', 'staging'),
      S3Key: contentAddressedKey('api', 'myLambda', { sha256: 'd'.repeat(64) }),
    });
    expect(result.hash).toBe(templateHash(JSON.parse(text), {}));
    expect(await cfnLint(result.outputFile)).toBe('');
  });

  it('writes byte-identical files for the same inputs and honours outputPath', async () => {
    const root = await workspaceWithManifests();
    const opts = { workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(sampleConfig()), stage: 'dev' };
    const a = await synthStack({ ...opts, outputPath: 'out/a.json' });
    const b = await synthStack({ ...opts, outputPath: 'out/b.json' });
    expect(readFileSync(b.outputFile)).toEqual(readFileSync(a.outputFile));
    expect(a.hash).toBe(b.hash);
  });

  it('fails with NXS_MANIFEST_MISSING when a function was not packaged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nxstack-synth-'));
    const error = await synthStack({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(sampleConfig()), stage: 'dev' }).catch((e) => e);
    expect(isNxstackError(error) && error.code).toBe('NXS_MANIFEST_MISSING');
  });
});

describe('deploymentBucketPlaceholder', () => {
  it('is a valid S3 bucket name', () => {
    expect(deploymentBucketPlaceholder('@acme/Api', 'dev')).toBe('nxstack-acme-api-dev-deployment');
    expect(deploymentBucketPlaceholder('x'.repeat(80), 'dev')).toMatch(/^[a-z0-9-]{3,63}$/);
  });
});
