/**
 * What every function image nxstack builds gets, whichever way it was built: its `layers` in
 * /opt (one layer, labelled with the layer images' digests) and the check that the variables
 * wiring extensions name files the finished image has.
 */
import * as path from 'node:path';
import { checkExtensionWiring } from './buildpack/extension-env-check';
import { lambdaOptLayer, type LambdaOptLayer } from './buildpack/lambda-layers';
import type { Image } from './oci/image';
import { appendLayers } from './oci/mutate';
import type { ImageBuildRequest } from './image-build-types';

export const OPT_LAYER_CREATED_BY = 'nxstack: lambda layers -> /opt';

/** The /opt layer of an image function's `layers` (none for services or a function without layers). */
export async function optLayerFor(r: ImageBuildRequest): Promise<LambdaOptLayer> {
  if (!r.lambda || !r.layers?.length) return { labels: {} };
  return lambdaOptLayer({
    layers: r.layers,
    region: r.region,
    cwd: path.resolve(r.workspaceRoot, r.projectRoot),
    workspaceRoot: r.workspaceRoot,
    architecture: r.architecture,
    credentials: r.registryCredentials,
    insecureRegistries: r.insecureRegistries,
    locate: (i) => r.locate?.(['layers', i]),
  });
}

/** An image a Docker engine built, with the function's layers appended on top (no engine needed for that). */
export async function withFunctionLayers(image: Image, r: ImageBuildRequest): Promise<Image> {
  const opt = await optLayerFor(r);
  return opt.layer ? appendLayers(image, [{ layer: opt.layer, createdBy: OPT_LAYER_CREATED_BY }], { labels: opt.labels }) : image;
}

/** The last step of a function image build: its extension wiring must name files it holds. */
export async function checkFunctionImage(image: Image, r: ImageBuildRequest): Promise<void> {
  if (!r.lambda) return;
  await checkExtensionWiring(image, r.functionEnvironment ?? [], r.locate?.(['packaging']));
}
