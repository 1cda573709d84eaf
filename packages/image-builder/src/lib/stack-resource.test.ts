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
});
