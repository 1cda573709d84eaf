import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourceOutputDir, writeManifest, type ImagePackageManifest } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { collectArtifacts, collectImageArtifacts, synthStack } from './synth';
import { imageRepositoryPlaceholder } from './image-uri';
import { parsedFixtureStack } from './__fixtures__/sample-stack';
import type { StackYamlData } from './__fixtures__/sample-stack';

const config: StackYamlData = {
  resources: {
    web: { type: 'web-service', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'web' } }, resources: { cpu: 0.25, memory: 512 } } },
    proxy: { type: 'private-service', properties: { packaging: { type: 'prebuilt-image', properties: { image: 'nginx:1.27' } }, resources: { cpu: 0.25, memory: 512 } } },
  },
};
const digest = `sha256:${'7'.repeat(64)}`;

async function workspace(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'nxstack-synth-img-'));
  const m: ImagePackageManifest = { kind: 'image', resource: 'web', layout: 'image', digest, size: 10, architecture: 'x86_64', packager: 'custom-dockerfile' };
  await writeManifest(join(root, resourceOutputDir('apps/api', 'web')), m);
  return root;
}

describe('synth with image packagings', () => {
  it('pins built images by digest in the stage repository; prebuilt images need no manifest', async () => {
    const root = await workspace();
    const artifacts = await collectImageArtifacts({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(config), stage: 'dev' });
    expect(Object.keys(artifacts)).toEqual(['web']);
    // Zip collection (what the deployer publishes to S3) leaves images alone.
    expect(await collectArtifacts({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(config), stage: 'dev' })).toEqual({});
    expect(artifacts.web.location).toEqual({ imageUri: `${imageRepositoryPlaceholder('api', 'dev')}@${digest}` });
    expect(imageRepositoryPlaceholder('api', 'dev')).toBe('${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/api-dev');

    const result = await synthStack({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(config), stage: 'dev' });
    const containers = (id: string) => (result.template.Resources[id].Properties as { ContainerDefinitions: Array<{ Image: unknown }> }).ContainerDefinitions;
    expect(containers('WebTaskDefinition')[0].Image).toEqual({ 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/api-dev@${digest}` });
    expect(containers('ProxyTaskDefinition')[0].Image).toBe('nginx:1.27');
    expect(await cfnLint(result.outputFile)).toBe('');
  });

  it('uses the repository the deployer passes', async () => {
    const root = await workspace();
    const artifacts = await collectImageArtifacts({ workspaceRoot: root, projectName: 'api', projectRoot: 'apps/api', stack: parsedFixtureStack(config), stage: 'dev', imageRepository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api' });
    expect(artifacts.web.location).toEqual({ imageUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@${digest}` });
  });
});
