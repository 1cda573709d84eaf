// The GitHub Actions workflow `nx g @nxstack/plugin:ci --provider github` writes.

export interface GithubWorkflowOptions {
  readonly stage: string;
  readonly branch: string;
  /** A literal region, or undefined to read the repository variable AWS_REGION. */
  readonly region?: string;
  readonly nodeVersion: string;
}

export const GITHUB_WORKFLOW_FILE = '.github/workflows/nxstack.yml';

/** Repository settings the workflow reads: printed by the generator so nobody has to read the YAML to find them. */
export const GITHUB_SETTINGS = {
  variables: ['NX_SELF_HOSTED_REMOTE_CACHE_SERVER (URL of nxstack-cache, e.g. https://cache.example.com)', 'AWS_REGION (unless --region was given)'],
  secrets: [
    'NXSTACK_CACHE_READ_TOKEN (read-only token: pull requests cannot poison the cache)',
    'NXSTACK_CACHE_READ_WRITE_TOKEN (read-write token, deploy job only)',
    'AWS_DEPLOY_ROLE_ARN (IAM role the deploy job assumes through GitHub OIDC)',
  ],
} as const;

/**
 * Two jobs. `check` (pull requests): validate and package the affected projects, pulling from the
 * remote cache with a read-only token (a pull request must not write to the cache: CVE-2025-36852).
 * `deploy` (pushes to the branch): `nx affected -t deploy` with OIDC credentials (no long-lived
 * AWS keys) and the read-write token, one run at a time per branch.
 */
export function githubWorkflow(o: GithubWorkflowOptions): string {
  const region = o.region ?? '${{ vars.AWS_REGION }}';
  // Both jobs: full history (nx-set-shas finds the last successful base), Node with npm's cache, the lockfile's install.
  const setup = `      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: '${o.nodeVersion}'
          cache: npm
      - run: npm ci
      - uses: nrwl/nx-set-shas@v4
`;
  return `# Written by nx g @nxstack/plugin:ci --provider github. Repository settings it reads:
#   variables: NX_SELF_HOSTED_REMOTE_CACHE_SERVER${o.region ? '' : ', AWS_REGION'}
#   secrets:   NXSTACK_CACHE_READ_TOKEN, NXSTACK_CACHE_READ_WRITE_TOKEN, AWS_DEPLOY_ROLE_ARN
name: nxstack

on:
  pull_request:
  push:
    branches: [${o.branch}]

permissions:
  contents: read

env:
  NX_NO_CLOUD: 'true'
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: \${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}
  AWS_REGION: ${region}

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    env:
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: \${{ secrets.NXSTACK_CACHE_READ_TOKEN }}
    steps:
${setup}      - run: npx nx affected -t validate --stage ${o.stage}
      - run: npx nx affected -t package

  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    concurrency:
      group: nxstack-deploy-${o.stage}
      cancel-in-progress: false
    permissions:
      contents: read
      id-token: write
    env:
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: \${{ secrets.NXSTACK_CACHE_READ_WRITE_TOKEN }}
    steps:
${setup}      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ secrets.AWS_DEPLOY_ROLE_ARN }}
          aws-region: ${region}
      - run: npx nx affected -t deploy --stage ${o.stage}
`;
}
