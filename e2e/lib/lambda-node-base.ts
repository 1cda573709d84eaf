/**
 * A Lambda-like Node base image for e2e tests that run image functions: this machine's node
 * (host-runtime-base, since public images cannot be pulled) plus nxstack's own Node runtime
 * client as the entrypoint, as a Lambda base image has one.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { appendLayers, layerFromEntries, type Image } from '@nxstack/image-builder';
import { hostNodeBaseImage } from '../../packages/image-builder/src/__fixtures__/host-runtime-base';
import { REPO_ROOT } from './sample-workspace';

export async function lambdaNodeBaseImage(node?: Image): Promise<Image> {
  const ric = readFileSync(path.join(REPO_ROOT, 'packages/local-runtime/clients/node/index.js'));
  return appendLayers(node ?? (await hostNodeBaseImage()), [{ layer: await layerFromEntries([{ path: 'var/runtime/index.js', mode: 0o644, content: ric }]), createdBy: 'test: runtime client' }], {
    entrypoint: ['/usr/bin/node', '/var/runtime/index.js'],
    cmd: null,
  });
}
