import type { ZipPackageManifest } from '@nxstack/core';

/**
 * S3 key of a published zip: `<projectName>/<resourceName>/<sha256>.zip`. The publisher and the
 * compiler both call this, so the template's Code.S3Key changes exactly when the code does.
 */
export function contentAddressedKey(projectName: string, resourceName: string, manifest: Pick<ZipPackageManifest, 'sha256'>): string {
  return `${projectName}/${resourceName}/${manifest.sha256}.zip`;
}
