/** Media types Lambda, ECS and OCI registries accept for single-platform images. */
export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export const MANIFEST_ACCEPT = [MediaTypes.ociManifest, MediaTypes.dockerManifest, MediaTypes.ociIndex, MediaTypes.dockerManifestList].join(', ');

export function isIndex(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList;
}

export function isDockerManifest(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.dockerManifest;
}

/** Layer media type in the same family (Docker v2 or OCI) as the manifest it goes into. */
export function layerMediaTypeFor(manifestMediaType: string): string {
  return isDockerManifest(manifestMediaType) ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerGzip;
}
