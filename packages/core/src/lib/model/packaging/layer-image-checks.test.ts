import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../load-stack';
import { StackLoadError } from '../stack-load-error';

const DIGEST = `sha256:${'a'.repeat(64)}`;

async function problemsOf(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'nxs-layer-images-'));
  writeFileSync(join(dir, 'stack.yml'), yaml);
  const error = await loadStack(join(dir, 'stack.yml'), { workspaceRoot: dir, checkPaths: false }).then(() => undefined, (e: unknown) => e);
  return error instanceof StackLoadError ? error.problems.map((p) => ({ code: p.code, line: p.location?.line, message: p.message })) : [];
}

const stack = (packaging: string, layers: string, extra = '') =>
  `resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n${packaging}      layers:\n${layers}${extra}`;
const imagePackaging = '        type: custom-dockerfile\n        properties:\n          buildContextPath: fn\n';
const zipPackaging = '        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: fn.ts\n';
const layerImage = '  ext:\n    type: layer-image\n    properties:\n      packaging:\n        type: custom-dockerfile\n        properties:\n          buildContextPath: ext\n';

describe('layer images in layers', () => {
  it('accepts a digest-pinned reference and a layer-image resource of the stack on an image function', async () => {
    expect(await problemsOf(stack(imagePackaging, `        - image: 127.0.0.1:5000/ext:1@${DIGEST}\n        - image: { resourceName: ext }\n`, layerImage))).toEqual([]);
  });

  it('refuses a reference without a digest, at its line', async () => {
    const [p] = await problemsOf(stack(imagePackaging, '        - image: 127.0.0.1:5000/ext:1\n'));
    expect(p).toMatchObject({ code: 'NXS_LAYER_IMAGE_NOT_PINNED', line: 10 });
  });

  it('refuses a resourceName that is not a layer-image of the stack', async () => {
    const [missing] = await problemsOf(stack(imagePackaging, '        - image: { resourceName: nope }\n'));
    expect(missing).toMatchObject({ code: 'NXS_LAYER_IMAGE_UNKNOWN', line: 10, message: expect.stringContaining('not in this stack') });
    const [notLayer] = await problemsOf(stack(imagePackaging, '        - image: { resourceName: fn }\n'));
    expect(notLayer).toMatchObject({ code: 'NXS_LAYER_IMAGE_UNKNOWN', message: expect.stringContaining('a function, not a layer-image') });
  });

  it('refuses a layer image on a zip function and on a prebuilt image', async () => {
    expect((await problemsOf(stack(zipPackaging, `        - image: r.example/ext@${DIGEST}\n`)))[0]).toMatchObject({ code: 'NXS_LAYER_IMAGE_NEEDS_IMAGE_FUNCTION', line: 10 });
    const prebuilt = '        type: prebuilt-image\n        properties:\n          image: r.example/app:1\n';
    expect((await problemsOf(stack(prebuilt, `        - image: r.example/ext@${DIGEST}\n`)))[0]).toMatchObject({ code: 'NXS_LAYER_IMAGE_NEEDS_IMAGE_FUNCTION' });
  });
});
