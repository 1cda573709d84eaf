import { describe, expect, it } from 'vitest';
import { planHotswap, resolveValue, type TemplateDoc } from './hotswap-plan';

const fn = (key: string, memory = 128) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Code: { S3Bucket: 'b', S3Key: key }, MemorySize: memory, Role: { 'Fn::GetAtt': ['Role', 'Arn'] } },
});
const task = (image: unknown, cpu = '256') => ({ Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: cpu, ContainerDefinitions: [{ Name: 'web', Image: image, Essential: true }] } });
const service = { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Task' } } };
const template = (resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): TemplateDoc => ({ Resources: resources as TemplateDoc['Resources'], Outputs: outputs });

describe('planHotswap', () => {
  it('takes a function whose code alone changed', () => {
    const plan = planHotswap(template({ A: fn('a1'), B: fn('b1') }), template({ A: fn('a2'), B: fn('b1') }), {}, {});
    expect(plan).toEqual({ changes: [{ kind: 'lambda', logicalId: 'A', code: { S3Bucket: 'b', S3Key: 'a2' } }] });
  });

  it('takes a task definition whose images alone changed, with the services using it', () => {
    const plan = planHotswap(template({ Task: task('r@sha256:1'), Svc: service }), template({ Task: task('r@sha256:2'), Svc: service }), {}, {});
    expect(plan).toEqual({ changes: [{ kind: 'ecs-task', logicalId: 'Task', images: { web: 'r@sha256:2' }, services: [{ logicalId: 'Svc', cluster: { Ref: 'Cluster' } }] }] });
  });

  it("ignores an after:deploy script's Token (it follows the template), not its other properties", () => {
    const run = (token: string, rows = '10') => ({ Type: 'Custom::DeploymentScript', Properties: { ServiceToken: 'arn', Trigger: 'after:deploy', ParametersJson: rows, Token: token } });
    expect(planHotswap(template({ A: fn('a1'), SeedRun: run('t1') }), template({ A: fn('a2'), SeedRun: run('t2') }), {}, {})).toEqual({ changes: [{ kind: 'lambda', logicalId: 'A', code: { S3Bucket: 'b', S3Key: 'a2' } }] });
    expect(planHotswap(template({ A: fn('a1'), SeedRun: run('t1') }), template({ A: fn('a2'), SeedRun: run('t2', '11') }), {}, {})).toEqual({ reason: 'SeedRun (Custom::DeploymentScript) changed beyond its code' });
  });

  it('names the reason when anything else changed', () => {
    expect(planHotswap(template({ A: fn('a1') }), template({ A: fn('a2', 256) }), {}, {})).toEqual({ reason: 'A (AWS::Lambda::Function) changed beyond its code' });
    expect(planHotswap(template({ Task: task('i1') }), template({ Task: task('i2', '512') }), {}, {})).toEqual({ reason: 'Task (AWS::ECS::TaskDefinition) changed beyond its code' });
    expect(planHotswap(template({ A: fn('a1') }), template({ A: fn('a2'), B: fn('b1') }), {}, {})).toEqual({ reason: 'resource B (AWS::Lambda::Function) is new' });
    expect(planHotswap(template({ A: fn('a1'), B: fn('b1') }), template({ A: fn('a2') }), {}, {})).toEqual({ reason: 'resource B (AWS::Lambda::Function) is removed' });
    expect(planHotswap(template({ A: fn('a1') }, { X: 1 }), template({ A: fn('a2') }, { X: 2 }), {}, {})).toEqual({ reason: "the template's Outputs changed" });
    expect(planHotswap(template({ A: fn('a1') }), template({ A: fn('a2') }), { P: '1' }, { P: '2' })).toEqual({ reason: 'stack parameters changed' });
    expect(planHotswap(template({ Q: { Type: 'AWS::SQS::Queue', Properties: { A: 1 } } }), template({ Q: { Type: 'AWS::SQS::Queue', Properties: { A: 2 } } }), {}, {})).toEqual({ reason: 'Q (AWS::SQS::Queue) changed beyond its code' });
    expect(planHotswap(template({ A: fn('a1') }), template({ A: fn('a1') }), {}, {})).toEqual({ reason: 'no function code or image changed' });
  });
});

describe('resolveValue', () => {
  const ctx = { account: '123456789012', region: 'eu-west-1', physicalIds: { Cluster: 'api-dev-cluster' } };
  it('resolves strings, pseudo parameters in Fn::Sub and Refs of stack resources; nothing else', () => {
    expect(resolveValue('x', ctx)).toBe('x');
    expect(resolveValue({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/api@sha256:1' }, ctx)).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:1');
    expect(resolveValue({ Ref: 'Cluster' }, ctx)).toBe('api-dev-cluster');
    expect(resolveValue({ 'Fn::Sub': '${Bucket}/x' }, ctx)).toBeUndefined();
    expect(resolveValue({ 'Fn::Join': ['', ['a']] }, ctx)).toBeUndefined();
  });
});
