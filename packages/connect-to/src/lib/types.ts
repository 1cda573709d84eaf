import type { ResourceParamDirective } from '@nxstack/core';

export interface ConnectionSource {
  readonly name: string;
  readonly type: string;
}

export interface ConnectionTarget {
  readonly name: string;
  readonly type: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** `aws:ses` grants ses:* (the only statement allowed `Resource: "*"`). */
export const SES_TARGET = 'aws:ses';
export type ConnectTarget = ConnectionTarget | typeof SES_TARGET;

/** A template value: a directive object the compiler resolves, an intrinsic, or a literal. */
export type TemplateValue = ResourceParamDirective | Record<string, unknown> | string;

export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: TemplateValue | readonly TemplateValue[];
}

/** Allow TCP `port` into the target's security group from the source's. */
export interface SecurityGroupIngressRule {
  /** Logical id for the AWS::EC2::SecurityGroupIngress resource. */
  readonly logicalId: string;
  readonly target: string;
  readonly targetSecurityGroupId: string;
  readonly sourceSecurityGroupId: string;
  readonly port: TemplateValue | number;
}

export interface Connections {
  readonly iamStatements: IamStatement[];
  readonly securityGroupIngress: SecurityGroupIngressRule[];
  /** STP_* name → value (directive objects), in target order then param order. */
  readonly environment: Record<string, TemplateValue>;
}

/** Logical-id helpers; the defaults follow the compiler's `<PascalName><Suffix>` convention. */
export interface ConnectionIds {
  logicalId(resource: string, suffix: string): string;
  securityGroup(resource: string): string;
  /** The AWS Batch job queue a batch-job submits to (Ref = its ARN). */
  jobQueue(resource: string): string;
}
