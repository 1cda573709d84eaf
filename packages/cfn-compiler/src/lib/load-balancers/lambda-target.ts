import { eventFunctionId } from '../lambda/lambda-resources';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { compileListenerRule, eventListener, type AlbIntegration } from './listener-rules';

/**
 * A function's `application-load-balancer` event: a Lambda target group holding the function,
 * the permission for Elastic Load Balancing to invoke it (the target group is registered only
 * after it exists), and a listener rule.
 */
export function compileLambdaAlbEvent(ctx: ResourceCompileContext, p: AlbIntegration, path: StackPath, n: number): void {
  const fn = eventFunctionId(ctx);
  const listener = eventListener(ctx, 'application-load-balancer', p, path);
  const permission = logicalId(ctx.name, `AlbPermission${n}`);
  const targetGroup = logicalId(ctx.name, `AlbTargetGroup${n}`);
  // No SourceArn: it would be the target group, which itself waits for this permission (CDK's LambdaTarget does the same).
  ctx.builder.addResource(permission, {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: getAtt(fn, 'Arn'), Principal: 'elasticloadbalancing.amazonaws.com', SourceAccount: ref('AWS::AccountId') },
  }, ctx.origin);
  ctx.builder.addResource(targetGroup, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    DependsOn: [permission],
    Properties: { TargetType: 'lambda', Targets: [{ Id: getAtt(fn, 'Arn') }] },
  }, ctx.origin);
  compileListenerRule(ctx, p, path, listener, logicalId(ctx.name, `AlbListenerRule${n}`), ref(targetGroup));
}
