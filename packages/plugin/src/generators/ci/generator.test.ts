import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { isNxstackError } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ciGenerator } from './generator';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly on: { push: { branches: string[] }; pull_request: unknown };
  readonly env: Record<string, string>;
  readonly jobs: Record<string, { if: string; permissions?: Record<string, string>; env: Record<string, string>; steps: Step[] }>;
}

describe('ci generator (github)', () => {
  it('deploys affected projects on push with OIDC and the read-write cache token; pull requests get the read-only token', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await ciGenerator(tree, { provider: 'github', stage: 'staging', branch: 'trunk', region: 'eu-west-1' });
    const wf = parse(tree.read('.github/workflows/nxstack.yml', 'utf-8')!) as Workflow;
    expect(wf.on.push.branches).toEqual(['trunk']);
    expect(wf.env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER).toBe('${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}');
    expect(wf.env.AWS_REGION).toBe('eu-west-1');
    const deploy = wf.jobs.deploy;
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(deploy.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toBe('${{ secrets.NXSTACK_CACHE_READ_WRITE_TOKEN }}');
    const creds = deploy.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(creds?.with).toEqual({ 'role-to-assume': '${{ secrets.AWS_DEPLOY_ROLE_ARN }}', 'aws-region': 'eu-west-1' });
    expect(deploy.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npx nx affected -t deploy --stage staging']);
    const check = wf.jobs.check;
    expect(check.permissions).toBeUndefined();
    expect(check.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toBe('${{ secrets.NXSTACK_CACHE_READ_TOKEN }}');
    expect(check.steps.some((s) => s.uses?.startsWith('aws-actions/'))).toBe(false);
  });

  it('reads the region from the repository variable when none is given, and never overwrites', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await ciGenerator(tree, { provider: 'github' });
    const wf = parse(tree.read('.github/workflows/nxstack.yml', 'utf-8')!) as Workflow;
    expect(wf.env.AWS_REGION).toBe('${{ vars.AWS_REGION }}');
    expect(wf.jobs.deploy.steps.at(-1)?.run).toBe('npx nx affected -t deploy --stage prod');
    const err = await ciGenerator(tree, { provider: 'github' }).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_GENERATOR_FILE_EXISTS');
  });
});
