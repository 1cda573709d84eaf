import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import type { Directive } from '../types';

/**
 * The security group of a database/redis in the shared VPC. Ingress depends on the
 * accessibility mode: `vpc` = anything in the VPC, `internet` = anywhere,
 * `scoping-workloads-in-vpc` = none here (connectTo adds one rule per connecting workload).
 */
export function addDataSecurityGroup(ctx: ResourceCompileContext, id: string, mode: string, port: number): void {
  const vpc = ensureSharedVpc(ctx.builder);
  const ingress: unknown[] = [];
  if (mode === 'vpc') ingress.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: vpc.vpcCidr, Description: 'from the shared VPC' });
  if (mode === 'internet') ingress.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '0.0.0.0/0', Description: 'from the internet' });
  const properties: Record<string, unknown> = { GroupDescription: `${ctx.name} (${ctx.config.type}) - ${mode}`, VpcId: vpc.vpcId };
  if (ingress.length) properties.SecurityGroupIngress = ingress;
  ctx.builder.addResource(id, { Type: 'AWS::EC2::SecurityGroup', Properties: properties }, ctx.origin);
}

/**
 * The secret behind a password property: only `$Secret('<name>')` is accepted, so the template
 * carries a dynamic reference and never the value.
 */
export function requireSecret<P>(ctx: ResourceCompileContext<P>, value: unknown, path: (string | number)[], what: string, opts: { absolutePath?: boolean } = {}): Extract<Directive, { $directive: 'Secret' }> {
  const d = value as Directive | undefined;
  if (d && typeof d === 'object' && d.$directive === 'Secret') return d;
  const shown = typeof value === 'string' ? 'a literal value' : d && typeof d === 'object' && '$directive' in d ? `$${d.$directive}(…)` : JSON.stringify(value);
  throw new NxstackError('NXS_PASSWORD_NOT_SECRET', `${what} of '${ctx.name}' is ${shown}; it must come from $Secret.`, {
    location: ctx.locate(opts.absolutePath ? path : [...ctx.path, 'properties', ...path]),
    hint: "Store the password in Secrets Manager (aws secretsmanager create-secret --name my-db-password --secret-string '…') and write $Secret('my-db-password'): the template then holds only a dynamic reference.",
  });
}
