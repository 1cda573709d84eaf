import type { StateMachineProperties } from '@nxstack/core';
import { lambdaIds } from '../lambda/lambda-resources';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

export const stateMachineIds = (name: string) => ({ stateMachine: logicalId(name, 'StateMachine'), role: logicalId(name, 'StateMachineRole') });

const isIntrinsic = (v: object) => {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
};

/**
 * Puts every CloudFormation intrinsic (and resolved directive) of the definition into
 * DefinitionSubstitutions as `${nxsN}`, so the definition itself is plain JSON for `Definition`
 * (CloudFormation does not evaluate intrinsics inside it).
 */
function substitute(value: unknown, subs: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, subs));
  if (value && typeof value === 'object') {
    if (isIntrinsic(value)) {
      const key = `nxs${Object.keys(subs).length + 1}`;
      subs[key] = value;
      return `\${${key}}`;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, subs)]));
  }
  return value;
}

/**
 * `type: state-machine` — AWS::StepFunctions::StateMachine (STANDARD) from `definition`
 * (Amazon States Language). Its role may invoke the stack's functions its definition names
 * (`Fn::GetAtt: [<Name>Function, Arn]` or `$ResourceParam('<fn>', 'arn')`).
 */
export const stateMachineType: ResourceTypeModule<StateMachineProperties> = {
  type: 'state-machine',
  params: {
    arn: (name) => ref(stateMachineIds(name).stateMachine),
    name: (name) => getAtt(stateMachineIds(name).stateMachine, 'Name'),
  },
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    const ids = stateMachineIds(ctx.name);
    const subs: Record<string, unknown> = {};
    const definition = substitute(ctx.resolve(ctx.properties.definition, [...ctx.path, 'properties', 'definition']), subs);
    // Only the functions the definition names: a function that starts this machine (connectTo) must not be one its role depends on.
    const functionIds = new Set(Object.entries(ctx.stack.config.resources).filter(([, r]) => r.type === 'function').map(([n]) => lambdaIds(n).fn));
    const named = new Set(Object.values(subs).flatMap((v) => {
      const target = (v as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
      const id = Array.isArray(target) ? target[0] : typeof target === 'string' ? target.split('.')[0] : undefined;
      return typeof id === 'string' && functionIds.has(id) ? [id] : [];
    }));
    const functions = [...named].sort().map((id) => getAtt(id, 'Arn'));
    const statements: unknown[] = [];
    if (functions.length) statements.push({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functions.flatMap((arn) => [arn, { 'Fn::Join': ['', [arn, ':*']] }]) });
    ctx.builder.addResource(ids.role, {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        ...(statements.length ? { Policies: [{ PolicyName: 'InvokeFunctions', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } : {}),
      },
    }, ctx.origin);
    const properties: Record<string, unknown> = {
      StateMachineName: physicalName(ctx.projectName, ctx.stage, ctx.name, 80),
      StateMachineType: 'STANDARD',
      RoleArn: getAtt(ids.role, 'Arn'),
      Definition: definition,
    };
    if (Object.keys(subs).length) properties.DefinitionSubstitutions = subs;
    ctx.builder.addResource(ids.stateMachine, { Type: 'AWS::StepFunctions::StateMachine', Properties: properties }, ctx.origin);
  },
};
