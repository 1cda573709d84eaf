import { describe, expect, it } from 'vitest';
import { classifyResource } from './resource-packaging';
import { stackTargets } from './stack-targets';
import { tmpWorkspace } from './__fixtures__/workspace';

const locate = () => ({ file: 'lyr/stack.yml', line: 1, column: 1 });
const configs = {
  telemetry: { type: 'layer-image', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: './ext/telemetry/' } } } },
  fnA: { type: 'function', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'fn-a' } }, layers: [{ image: { resourceName: 'telemetry' } }, { image: `r.example/x@sha256:${'b'.repeat(64)}` }] } },
  fnB: { type: 'function', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'fn-b' } } } },
};

describe('targets of layer images', () => {
  const resources = Object.entries(configs).map(([name, res]) => classifyResource(name, res, locate)!);
  const t = stackTargets({ projectRoot: 'lyr', workspaceRoot: tmpWorkspace({}), stackFile: 'lyr/stack.yml', resources, resourceConfigs: configs, options: { targetPrefix: '' } });

  it('classifies the layer image with its build context and the functions with the layer images they name', () => {
    expect(resources[0]).toMatchObject({ resource: 'telemetry', kind: 'image', layerImage: true, layerImageContext: 'ext/telemetry' });
    expect(resources[1]).toMatchObject({ resource: 'fnA', usesLayerImages: ['telemetry'] });
    expect(resources[2]).not.toHaveProperty('usesLayerImages');
  });

  it('packages a function after the layer images it names (their outputs are its inputs), without forwarding its own parameters', () => {
    expect(t['package--fnA']).toMatchObject({ dependsOn: ['package--telemetry'], inputs: expect.arrayContaining([{ dependentTasksOutputFiles: '**/*' }]) });
    expect(t['package--fnB']?.dependsOn).toBeUndefined();
  });

  it("leaves a layer image's build context out of every other resource's inputs, not out of its own", () => {
    for (const fn of ['fnA', 'fnB']) expect(t[`package--${fn}`]?.inputs, fn).toContain('!{projectRoot}/ext/telemetry/**');
    expect(t['package--telemetry']?.inputs).not.toContain('!{projectRoot}/ext/telemetry/**');
  });

  it('neither publishes nor deploys a layer image by itself', () => {
    expect(t['publish--telemetry']).toBeUndefined();
    expect(t['env--telemetry']).toBeUndefined();
    expect(JSON.stringify(t['deploy']?.dependsOn)).not.toContain('telemetry');
    expect(t['package']?.dependsOn).toContain('package--telemetry');
  });

  it('excludes no context that is the project folder itself or outside it', () => {
    for (const buildContextPath of ['.', './', '../shared']) {
      const r = classifyResource('l', { type: 'layer-image', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath } } } }, locate);
      expect(r, buildContextPath).not.toHaveProperty('layerImageContext');
    }
  });
});
