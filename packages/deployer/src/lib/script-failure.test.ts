import { describe, expect, it } from 'vitest';
import { deploymentScriptFailure } from './script-failure';

const at = (logicalId: string, resourceType: string, status: string, reason?: string) => ({ timestamp: new Date(0), logicalId, resourceType, status, reason });

describe('deploymentScriptFailure', () => {
  it("names the script and gives its own message when a script's run is the root cause", () => {
    const events = [
      at('FilesBucket', 'AWS::S3::Bucket', 'CREATE_COMPLETE'),
      at('SeedRun', 'Custom::DeploymentScript', 'CREATE_FAILED', 'Received response status [FAILED] from custom resource. Message returned: migration failed: column "email" already exists (RequestId: 9b2c-11)'),
      at('OtherRun', 'Custom::DeploymentScript', 'CREATE_FAILED', 'Resource creation cancelled'),
      at('api-dev', 'AWS::CloudFormation::Stack', 'ROLLBACK_COMPLETE'),
    ];
    expect(deploymentScriptFailure(events)).toEqual({ reason: 'deployment script SeedRun failed: migration failed: column "email" already exists', hint: expect.stringContaining('rolled the stack back') });
  });

  it('leaves other root causes to the generic report', () => {
    const events = [
      at('FilesBucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'Bucket name taken'),
      at('SeedRun', 'Custom::DeploymentScript', 'CREATE_FAILED', 'Resource creation cancelled'),
    ];
    expect(deploymentScriptFailure(events)).toBeUndefined();
  });
});
