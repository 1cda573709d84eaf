import { describe, expect, it } from 'vitest';
import { retainedResources } from './retained-resources';

describe('retainedResources', () => {
  it('names the resources a stack deletion keeps, and only those', () => {
    const body = JSON.stringify({
      Resources: {
        AuthEdgeFunction: { Type: 'AWS::Lambda::Function', DeletionPolicy: 'Retain' },
        AuthEdgeFunctionVersion: { Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain' },
        Logs: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate' },
        Api: { Type: 'AWS::ApiGatewayV2::Api' },
      },
    });
    expect(retainedResources(body)).toEqual([
      { logicalId: 'AuthEdgeFunction', type: 'AWS::Lambda::Function' },
      { logicalId: 'AuthEdgeFunctionVersion', type: 'AWS::Lambda::Version' },
    ]);
  });
});
