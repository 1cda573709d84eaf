import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from './aws-clients';
import { firstFailureReason } from './cfn-stack-events';
import { s3HttpsUrl } from './cfn-stack-deployer';
import { serviceErrorText } from './service-error';
import { stackName as stackNameFor, validateStageName as validateStage } from '@nxstack/core';
import { changedPropertyPaths, diffTemplates } from './template-diff';
import { formatChanges } from './report';

describe('stack and stage names', () => {
  it('accepts <project>-<stage> and rejects what CloudFormation would', () => {
    expect(stackNameFor('api', 'dev')).toBe('api-dev');
    for (const [project, stage] of [['1api', 'dev'], ['api_v2', 'dev'], ['a'.repeat(125), 'dev'], ['api', 'dev.1']]) {
      expect(() => stackNameFor(project, stage)).toThrow(expect.objectContaining({ code: 'NXS_STACK_NAME_INVALID' }));
    }
    expect(() => validateStage('Prod')).toThrow(expect.objectContaining({ code: 'NXS_STAGE_INVALID' }));
    expect(validateStage('pr-42')).toBe('pr-42');
  });
});

describe('deployer region', () => {
  it("takes the profile's region from the shared config when neither --region nor AWS_REGION is set", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nxs-region-'));
    writeFileSync(join(dir, 'config'), '[profile staging]\nregion = eu-south-1\n');
    writeFileSync(join(dir, 'credentials'), '[staging]\naws_access_key_id = a\naws_secret_access_key = b\n');
    const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    expect((await createAwsClients({ profile: 'staging', env })).region).toBe('eu-south-1');
    expect((await createAwsClients({ profile: 'staging', region: 'us-west-2', env })).region).toBe('us-west-2');
    await expect(createAwsClients({ env: { ...env, AWS_PROFILE: 'nobody' } })).rejects.toMatchObject({ code: 'NXS_REGION_MISSING' });
  });
});

describe('template diff', () => {
  it('names changed property paths and treats intrinsics as single values', () => {
    expect(changedPropertyPaths({ Code: { S3Bucket: 'b', S3Key: 'k1' }, MemorySize: 128 }, { Code: { S3Bucket: 'b', S3Key: 'k2' }, MemorySize: 128 })).toEqual(['Code.S3Key']);
    expect(changedPropertyPaths({ Role: { 'Fn::GetAtt': ['A', 'Arn'] } }, { Role: { 'Fn::GetAtt': ['B', 'Arn'] } })).toEqual(['Role']);
    const before = { Resources: { A: { Type: 'T', Properties: { x: 1 } }, Gone: { Type: 'G' } } };
    const after = { Resources: { A: { Type: 'T', Properties: { x: 2 }, DependsOn: 'N' }, New: { Type: 'N' } } };
    expect(diffTemplates(before, after)).toEqual([
      { action: 'Modify', logicalId: 'A', resourceType: 'T', details: ['x', 'DependsOn'] },
      { action: 'Remove', logicalId: 'Gone', resourceType: 'G', details: [] },
      { action: 'Add', logicalId: 'New', resourceType: 'N', details: [] },
    ]);
  });

  it('prints a readable table', () => {
    expect(formatChanges([{ action: 'Modify', logicalId: 'HelloFunction', resourceType: 'AWS::Lambda::Function', replacement: 'False', details: ['Code.S3Key'] }])).toEqual([
      'action  logical id     type                   replacement  changed properties',
      '------  -------------  ---------------------  -----------  ------------------',
      'Modify  HelloFunction  AWS::Lambda::Function  False        Code.S3Key',
    ]);
    expect(formatChanges([])).toEqual(['no changes']);
  });
});

describe('failure reasons', () => {
  it('reports the first FAILED event, not the cancellations that follow it', () => {
    // The order CloudFormation emits on a failed create (oldest first, as followStack passes them).
    const t = new Date('2026-01-01T00:00:00Z');
    const events = [
      { timestamp: t, logicalId: 'api-dev', resourceType: 'AWS::CloudFormation::Stack', status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' },
      { timestamp: t, logicalId: 'HelloRole', resourceType: 'AWS::IAM::Role', status: 'CREATE_FAILED', reason: 'Resource creation cancelled' },
      { timestamp: t, logicalId: 'HelloFunction', resourceType: 'AWS::Lambda::Function', status: 'CREATE_FAILED', reason: 'Error occurred while GetObject. S3 Error Code: NoSuchKey' },
      { timestamp: t, logicalId: 'api-dev', resourceType: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_IN_PROGRESS', reason: 'The following resource(s) failed to create: [HelloFunction, HelloRole].' },
      { timestamp: t, logicalId: 'api-dev', resourceType: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_COMPLETE' },
    ];
    expect(firstFailureReason(events)).toBe('HelloFunction (AWS::Lambda::Function): Error occurred while GetObject. S3 Error Code: NoSuchKey');
    expect(firstFailureReason(events.slice(0, 1))).toBeUndefined();
  });

  it('reads the raw body of responses the SDK could not parse', () => {
    const err = Object.assign(new Error('@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response…'), {
      $responseBodyText: '{"__type": "InvalidParameterValueException", "message": "bad S3 key"}',
    });
    expect(serviceErrorText(err)).toBe('InvalidParameterValueException: bad S3 key');
    expect(serviceErrorText(Object.assign(new Error('Stack is busy'), { name: 'ValidationError' }))).toBe('ValidationError: Stack is busy');
  });

  it('builds the TemplateURL CloudFormation accepts', () => {
    expect(s3HttpsUrl('b', 'us-east-1', 'api-dev/templates/x.json')).toBe('https://b.s3.amazonaws.com/api-dev/templates/x.json');
    expect(s3HttpsUrl('b', 'eu-west-1', 'k')).toBe('https://b.s3.eu-west-1.amazonaws.com/k');
  });
});
