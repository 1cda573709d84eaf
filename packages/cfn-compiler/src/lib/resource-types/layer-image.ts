import type { ResourceTypeModule } from './resource-type';

/**
 * `type: layer-image`: nothing of its own reaches CloudFormation. Its image is built by its
 * package task and merged into the /opt of the function images that name it in `layers`; those
 * function images are what deploys.
 */
export const layerImageType: ResourceTypeModule = {
  type: 'layer-image',
  params: {},
  outputs: {},
  packaged: false,
  compile() {},
};
