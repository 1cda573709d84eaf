import type { ChangeSummary } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { destructiveChanges, requireApproval, userPoolReplacements } from './approval';

const change = (action: ChangeSummary['action'], resourceType: string, replacement?: ChangeSummary['replacement']): ChangeSummary => ({ action, logicalId: `Res${resourceType.split('::')[2]}`, resourceType, replacement, details: [] });
const opts = { stackName: 'api-prod', projectName: 'api', stage: 'prod', log: () => undefined };

describe('approval of destructive changes', () => {
  it('flags deletes and replacements of buckets, tables, databases and user pools only', () => {
    const changes = [
      change('Remove', 'AWS::S3::Bucket'),
      change('Modify', 'AWS::DynamoDB::Table', 'True'),
      change('Modify', 'AWS::RDS::DBCluster', 'Conditional'),
      change('Modify', 'AWS::Cognito::UserPool', 'False'),
      change('Remove', 'AWS::Lambda::Function'),
      change('Add', 'AWS::S3::Bucket'),
    ];
    expect(destructiveChanges(changes).map((c) => c.resourceType)).toEqual(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBCluster']);
  });

  it('passes harmless changes, --approve, or a yes on the terminal; refuses otherwise', async () => {
    await expect(requireApproval([change('Remove', 'AWS::Lambda::Function')], opts)).resolves.toBeUndefined();
    const risky = [change('Remove', 'AWS::S3::Bucket')];
    await expect(requireApproval(risky, { ...opts, approve: true })).resolves.toBeUndefined();
    await expect(requireApproval(risky, { ...opts, confirm: async () => true })).resolves.toBeUndefined();
    await expect(requireApproval(risky, { ...opts, confirm: async () => false })).rejects.toMatchObject({ code: 'NXS_APPROVAL_REQUIRED' });
    await expect(requireApproval(risky, opts)).rejects.toMatchObject({ code: 'NXS_APPROVAL_REQUIRED', message: expect.stringContaining('no terminal to ask on') });
  });

  it('picks the replacements of user pools, which deploy gates even without --require-approval', () => {
    const changes = [
      change('Modify', 'AWS::Cognito::UserPool', 'True'),
      change('Modify', 'AWS::Cognito::UserPool', 'Conditional'),
      change('Modify', 'AWS::Cognito::UserPool', 'False'),
      change('Remove', 'AWS::Cognito::UserPool'),
      change('Modify', 'AWS::S3::Bucket', 'True'),
    ];
    expect(userPoolReplacements(changes).map((c) => c.replacement)).toEqual(['True', 'Conditional']);
  });
});
