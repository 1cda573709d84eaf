import { describe, expect, it } from 'vitest';
import { parseStack, StackLoadError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { validateStack } from './validate-stack';

const STACK = `resources:
  files:
    type: bucket
  dnsProvisioner:
    type: custom-resource-definition
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties: { entryfilePath: provisioners/dns.ts }
      environment:
        - name: ZONE
          value: example.com
      connectTo: [files]
  appRecord:
    type: custom-resource-instance
    properties:
      definitionName: dnsProvisioner
      resourceProperties:
        name: app.example.com
        ttl: 300
        target: $ResourceParam('files', 'name')
        nested: { list: [1, true] }
  reader:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties: { entryfilePath: src/reader.ts }
      environment:
        - name: RECORD_ID
          value: $ResourceParam('appRecord', 'RecordId')
`;

const compile = (text: string, stage = 'dev') => validateStack({ stack: parseStack(text, 'stack.yml', { checkPaths: false }), projectName: 'shop', stage, now: new Date('2026-06-01T00:00:00Z') });

function problems(text: string) {
  try {
    parseStack(text, 'stack.yml', { checkPaths: false });
  } catch (e) {
    return (e as StackLoadError).problems.map((p) => [p.code, p.location?.line, p.message]);
  }
  throw new Error('expected the stack to fail');
}

describe('custom-resource-definition and custom-resource-instance', () => {
  it("compile to the definition's Lambda (Stacktape's defaults) and a Custom:: resource it serves directly; $ResourceParam reads the answered Data; cfn-lint accepts it", async () => {
    const { template: t } = compile(STACK);
    expect(await cfnLint(t)).toBe('');
    const fn = t.Resources.DnsProvisionerFunction.Properties as Record<string, any>;
    expect(fn).toMatchObject({ FunctionName: 'shop-dev-dnsProvisioner', Timeout: 10, MemorySize: 1024, Architectures: ['x86_64'] });
    expect(fn.EphemeralStorage).toBeUndefined();
    expect(Object.keys(fn.Environment.Variables).sort()).toEqual(['STP_FILES_ARN', 'STP_FILES_NAME', 'ZONE']);
    expect(t.Resources.AppRecordCustomResource).toEqual({
      Type: 'Custom::DnsProvisioner',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['DnsProvisionerFunction', 'Arn'] },
        name: 'app.example.com',
        ttl: 300,
        target: t.Outputs!.FilesName.Value,
        nested: { list: [1, true] },
      },
    });
    expect((t.Resources.ReaderFunction.Properties as Record<string, any>).Environment.Variables.RECORD_ID).toEqual({ 'Fn::GetAtt': ['AppRecordCustomResource', 'RecordId'] });
    // No runner; an Output per Data key stack.yml reads (what env--reader resolves on a deployed stage).
    expect(Object.keys(t.Resources).filter((id) => id.startsWith('AppRecord'))).toEqual(['AppRecordCustomResource']);
    expect(Object.keys(t.Outputs!).filter((k) => k.startsWith('AppRecord') || k.startsWith('DnsProvisioner')).sort()).toEqual(['AppRecordRecordId', 'DnsProvisionerArn']);
    expect(t.Outputs!.AppRecordRecordId.Value).toEqual({ 'Fn::GetAtt': ['AppRecordCustomResource', 'RecordId'] });
  }, 60_000);

  it('refuses the instance on the local stage at its type, with a located NXS_NOT_SUPPORTED_YET', () => {
    expect(() => compile(STACK, 'local')).toThrow(expect.objectContaining({ code: 'NXS_NOT_SUPPORTED_YET', message: expect.stringContaining("custom-resource-instance 'appRecord' on the local stage is not supported yet") }));
    try {
      compile(STACK, 'local');
    } catch (e) {
      expect((e as { location?: { line: number } }).location?.line).toBe(15);
    }
  });

  it('refuses a definitionName that is not a custom-resource-definition, a ServiceToken of its own, and unknown properties', () => {
    const bad = `resources:
  files:
    type: bucket
  a:
    type: custom-resource-instance
    properties: { definitionName: files, resourceProperties: { x: 1 } }
  b:
    type: custom-resource-instance
    properties: { definitionName: nowhere, resourceProperties: { ServiceToken: arn:aws:lambda:x } }
`;
    expect(problems(bad)).toEqual([
      ['NXS_UNKNOWN_RESOURCE_REFERENCE', 6, "definitionName 'files' of 'a' is a bucket, not a custom-resource-definition"],
      ['NXS_UNKNOWN_RESOURCE_REFERENCE', 9, "definitionName 'nowhere' of 'b' is not a resource of this stack"],
      ['NXS_INVALID_VALUE', 9, "resourceProperties of 'b' set ServiceToken, which nxstack sets to the definition's function"],
    ]);
    // Only Stacktape's properties: no VPC, architecture or storage on a definition.
    expect(problems(`resources:
  c:
    type: custom-resource-definition
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: p.ts } }
      joinDefaultVpc: true
`)).toEqual([['NXS_UNKNOWN_PROPERTY', 6, "unknown property 'joinDefaultVpc' in resources.c.properties"]]);
  });
});
