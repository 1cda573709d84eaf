import { NxstackError } from '@nxstack/core';
import { CONNECTABLE_TYPES, CONNECTION_TABLE } from './connection-table';
import { defaultConnectionIds } from './ids';
import { pascalCase, stpVariableName } from './names';
import { SES_TARGET, type ConnectionIds, type ConnectionSource, type Connections, type ConnectTarget, type IamStatement, type SecurityGroupIngressRule } from './types';

export function isConnectableType(type: string): boolean {
  return CONNECTABLE_TYPES.includes(type);
}

/**
 * What `connectTo` gives `source` for each target: IAM statements scoped to the target's ARNs
 * (only `aws:ses` uses `Resource: "*"`), security-group ingress from the source's SG, and
 * `STP_<RESOURCE>_<VAR>` variables. Values are `$ResourceParam` directive objects (or plain
 * intrinsics) that the compiler resolves like any other directive.
 */
export function connectionsFor(source: ConnectionSource, targets: readonly ConnectTarget[], ids: ConnectionIds = defaultConnectionIds): Connections {
  const iamStatements: IamStatement[] = [];
  const securityGroupIngress: SecurityGroupIngressRule[] = [];
  const environment: Connections['environment'] = {};
  for (const target of targets) {
    if (target === SES_TARGET) {
      iamStatements.push({ Sid: 'ConnectToAwsSes', Effect: 'Allow', Action: ['ses:*'], Resource: '*' });
      continue;
    }
    const row = CONNECTION_TABLE[target.type];
    if (!row) {
      throw new NxstackError('NXS_CONNECT_TO_UNSUPPORTED_TARGET', `'${source.name}' cannot connectTo '${target.name}': resources of type ${target.type} take no connections.`, {
        hint: `connectTo targets may be of type ${CONNECTABLE_TYPES.join(', ')}, or 'aws:ses'.`,
      });
    }
    const statements = row.statements?.(target, ids) ?? [];
    statements.forEach((s, i) => {
      iamStatements.push({
        Sid: `ConnectTo${pascalCase(target.name)}${statements.length > 1 ? i + 1 : ''}`,
        Effect: 'Allow',
        Action: s.actions,
        Resource: s.resources,
      });
    });
    const port = row.ingressPort?.(target);
    if (port !== undefined) {
      securityGroupIngress.push({
        logicalId: `${pascalCase(target.name)}IngressFrom${pascalCase(source.name)}`,
        target: target.name,
        targetSecurityGroupId: ids.securityGroup(target.name),
        sourceSecurityGroupId: ids.securityGroup(source.name),
        port,
      });
    }
    for (const p of row.envParams(target)) {
      environment[stpVariableName(target.name, p)] = { $directive: 'ResourceParam', resource: target.name, param: p };
    }
  }
  return { iamStatements, securityGroupIngress, environment };
}

/** The AWS::EC2::SecurityGroupIngress resource for a rule (GroupId/SourceSecurityGroupId by GetAtt). */
export function ingressResource(rule: SecurityGroupIngressRule): Record<string, unknown> {
  return {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      Description: `connectTo: ${rule.sourceSecurityGroupId} -> ${rule.target}`,
      GroupId: { 'Fn::GetAtt': [rule.targetSecurityGroupId, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [rule.sourceSecurityGroupId, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: rule.port,
      ToPort: rule.port,
    },
  };
}
