/**
 * Name `synth` puts into Code.S3Bucket when no deployment bucket is given: readable, valid as an
 * S3 bucket name, and the same for a project+stage on every run. The deployer passes the real
 * bucket of the stage instead.
 */
export function deploymentBucketPlaceholder(projectName: string, stage: string): string {
  const name = `nxstack-${projectName}-${stage}-deployment`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-');
  return name.slice(0, 63).replace(/-+$/, '');
}
