/**
 * Whether this process runs in CI, for hooks' `skipOnCI` / `skipOnLocal`: the variables CI
 * services set (`CI` by GitHub Actions, GitLab, CircleCI, Travis, Buildkite…; CodeBuild, Azure
 * Pipelines and Jenkins set their own).
 */
const CI_MARKERS = ['GITHUB_ACTIONS', 'GITLAB_CI', 'CODEBUILD_BUILD_ID', 'TF_BUILD', 'JENKINS_URL', 'BUILDKITE', 'CIRCLECI', 'BITBUCKET_BUILD_NUMBER'];

export function isCiEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  if (ci !== undefined && ci !== '' && !/^(false|0)$/i.test(ci)) return true;
  return CI_MARKERS.some((name) => Boolean(env[name]));
}
