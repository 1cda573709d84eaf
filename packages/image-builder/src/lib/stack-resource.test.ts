import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStackImageResource } from './stack-resource';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'ib-stack-'));
  mkdirSync(join(root, 'apps/api/src'), { recursive: true });
  writeFileSync(join(root, 'apps/api/src/fn.ts'), 'export default async () => 1;\n');
  writeFileSync(
    join(root, 'apps/api/stack.yml'),
    ['resources:', '  fn:', '    type: function', '    properties:', '      packaging:', '        type: stacktape-lambda-buildpack', '        properties:', '          entryfilePath: src/fn.ts', ''].join('\n'),
  );
  return root;
}

describe('loadStackImageResource (core loadStack)', () => {
  it('rejects a resource whose packaging does not make an image, pointing at stack.yml line:column', async () => {
    const err = await loadStackImageResource('apps/api/stack.yml', 'fn', workspace()).catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_IMAGE_PACKAGING_UNKNOWN', location: { file: 'apps/api/stack.yml', line: 6 } });
  });

  it('names the resources present when the resource is missing', async () => {
    await expect(loadStackImageResource('apps/api/stack.yml', 'nope', workspace())).rejects.toMatchObject({ code: 'NXS_RESOURCE_NOT_FOUND', hint: expect.stringContaining('fn') });
  });

  it("reads a batch job's image from container.packaging and locates its packaging there", async () => {
    const root = workspace();
    writeFileSync(
      join(root, 'apps/api/stack.yml'),
      ['resources:', '  job:', '    type: batch-job', '    properties:', '      resources: { cpu: 1, memory: 2048 }', '      container:', '        packaging:', '          type: prebuilt-image', '          properties: { image: registry.example/job:1 }', ''].join('\n'),
    );
    const r = await loadStackImageResource('apps/api/stack.yml', 'job', root);
    expect(r.packaging).toEqual({ type: 'prebuilt-image', properties: { image: 'registry.example/job:1' } });
    expect(r.lambda).toBe(false);
    expect(r.locate(['packaging', 'properties'])).toMatchObject({ line: 9 });
  });

  it("reads a multi-container workload's container as <workload>--<container>", async () => {
    const root = workspace();
    writeFileSync(join(root, 'apps/api/stack.yml'), [
      'resources:', '  app:', '    type: multi-container-workload', '    properties:', '      resources: { cpu: 0.25, memory: 512 }', '      containers:',
      '        - name: front', '          packaging: { type: prebuilt-image, properties: { image: "busybox:1" } }',
      '        - name: back', '          packaging: { type: custom-dockerfile, properties: { buildContextPath: src } }', '',
    ].join('\n'));
    const back = await loadStackImageResource('apps/api/stack.yml', 'app--back', root);
    expect(back).toMatchObject({ packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'src' } }, lambda: false });
    expect(back.locate(['packaging'])).toMatchObject({ line: 10 });
    await expect(loadStackImageResource('apps/api/stack.yml', 'app--nope', root)).rejects.toMatchObject({ code: 'NXS_CONTAINER_NOT_FOUND', hint: 'Containers: front, back.' });
  });
});
