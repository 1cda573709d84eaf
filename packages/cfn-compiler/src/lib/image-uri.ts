/**
 * The stage's ECR repository, as CloudFormation can spell it before the account is known:
 * `${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/<project>-<stage>` (the
 * compiler emits URIs holding `${…}` through Fn::Sub). The deployer passes the real repository.
 * Same name as the repository `@nxstack/image-builder` pushes to and creates when missing.
 */
export function imageRepositoryPlaceholder(projectName: string, stage: string): string {
  // ECR repository names are lower case.
  return `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/${`${projectName}-${stage}`.toLowerCase()}`;
}

/** `<repository>@sha256:…`: pinned by digest so a new image is a template change. */
export function imageUri(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}

/** The template value for an image URI: a plain string, or Fn::Sub when it holds `${AWS::…}`. */
export function imageUriValue(uri: string): unknown {
  return uri.includes('${') ? { 'Fn::Sub': uri } : uri;
}
