import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { imageArtifact } from '../__fixtures__/compute-stack';
import { artifact, manifest, parsedFixtureStack, validationError, type StackYamlData } from '../__fixtures__/sample-stack';

const prebuilt = (image: string) => ({ type: 'prebuilt-image', properties: { image } });

/** An HTTP API routing to one container of a workload, two service-connect ports, and a worker that reaches them. */
function config(): StackYamlData {
  return {
    resources: {
      api: { type: 'http-api-gateway', properties: { cors: { enabled: true } } },
      auth: { type: 'function', properties: { packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/auth.ts' } } } },
      app: {
        type: 'multi-container-workload',
        properties: {
          resources: { cpu: 0.5, memory: 1024 },
          containers: [
            {
              name: 'web',
              packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'web' } },
              events: [
                { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', containerPort: 3000, method: 'GET', path: '/items/{id}' } },
                { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', containerPort: 3000, method: '*', path: '/admin/{proxy+}', authorizer: { type: 'lambda', properties: { functionName: 'auth' } } } },
                { type: 'service-connect', properties: { containerPort: 3000, alias: 'web-api', protocol: 'http' } },
              ],
            },
            {
              name: 'grpc',
              packaging: prebuilt('registry.example.com/grpc:1'),
              events: [{ type: 'service-connect', properties: { containerPort: 9000, protocol: 'grpc' } }],
            },
          ],
        },
      },
      consumer: { type: 'worker-service', properties: { packaging: prebuilt('registry.example.com/consumer:1'), resources: { cpu: 0.25, memory: 512 } } },
    },
  };
}

const artifacts = () => ({ auth: artifact('api', manifest('auth')), 'app--web': imageArtifact('app--web', 'e') });

const compileError = validationError;

describe('multi-container workload: http-api-gateway and service-connect events', () => {
  const { template } = compileStack({ stack: parsedFixtureStack(config()), projectName: 'api', stage: 'dev', artifacts: artifacts() });
  const r = template.Resources;
  const props = (id: string) => r[id].Properties as Record<string, any>;

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it("routes of the API forward through the workload's VPC link to the SRV records of web:3000", () => {
    expect(props('AppHttpApiIntegration1')).toMatchObject({ ApiId: { Ref: 'ApiHttpApi' }, IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', ConnectionId: { Ref: 'AppVpcLink' }, IntegrationUri: { 'Fn::GetAtt': ['AppDiscoveryService', 'Arn'] }, PayloadFormatVersion: '1.0' });
    expect(props('AppHttpApiRoute1').RouteKey).toBe('GET /items/{id}');
    expect(props('AppHttpApiRoute2')).toMatchObject({ RouteKey: 'ANY /admin/{proxy+}', AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'AppHttpApiAuthorizer2' } });
    expect(props('AppDiscoveryService').DnsConfig.DnsRecords).toEqual([{ Type: 'SRV', TTL: 10 }]);
    const service = props('AppService');
    expect(service.ServiceRegistries).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['AppDiscoveryService', 'Arn'] }, ContainerName: 'web', ContainerPort: 3000 }]);
    expect(props('AppSecurityGroup').SecurityGroupIngress).toContainEqual(expect.objectContaining({ FromPort: 3000, SourceSecurityGroupId: { 'Fn::GetAtt': ['AppVpcLinkSecurityGroup', 'GroupId'] } }));
  });

  it('service-connect: named port mappings with their protocol, one Service Connect service per port in the shared namespace, every ECS service a client', () => {
    const defs = props('AppTaskDefinition').ContainerDefinitions as Array<Record<string, any>>;
    expect(defs.find((d) => d.Name === 'web')!.PortMappings).toEqual([{ ContainerPort: 3000, Protocol: 'tcp', Name: 'port-3000', AppProtocol: 'http' }]);
    expect(defs.find((d) => d.Name === 'grpc')!.PortMappings).toEqual([{ ContainerPort: 9000, Protocol: 'tcp', Name: 'port-9000', AppProtocol: 'grpc' }]);
    const namespace = { 'Fn::GetAtt': ['SharedPrivateDnsNamespace', 'Arn'] };
    expect(props('AppService').ServiceConnectConfiguration).toEqual({
      Enabled: true,
      Namespace: namespace,
      Services: [
        { PortName: 'port-3000', DiscoveryName: 'web-api', ClientAliases: [{ DnsName: 'web-api', Port: 3000 }] },
        { PortName: 'port-9000', DiscoveryName: 'app-grpc', ClientAliases: [{ DnsName: 'app-grpc', Port: 9000 }] },
      ],
    });
    expect(props('ConsumerService').ServiceConnectConfiguration).toEqual({ Enabled: true, Namespace: namespace });
    expect(props('AppSecurityGroup').SecurityGroupIngress).toContainEqual(expect.objectContaining({ FromPort: 9000, ToPort: 9000, CidrIp: expect.anything() }));
  });

  it('a stack without service-connect events leaves Service Connect off', () => {
    const c = config();
    const containers = c.resources.app.properties!.containers as Array<{ events: Array<{ type: string }> }>;
    for (const x of containers) x.events = x.events.filter((e) => e.type !== 'service-connect');
    const t = compileStack({ stack: parsedFixtureStack(c), projectName: 'api', stage: 'dev', artifacts: artifacts() }).template;
    expect((t.Resources.ConsumerService.Properties as Record<string, unknown>).ServiceConnectConfiguration).toBeUndefined();
    expect((t.Resources.AppService.Properties as Record<string, unknown>).ServiceConnectConfiguration).toBeUndefined();
  });

  it('refuses what cannot work, at its stack.yml line', () => {
    const web = (c: StackYamlData) => c.resources.app.properties!.containers[0].events;
    const c1 = config();
    web(c1)[0].properties.httpApiGatewayName = 'gateway';
    expect(compileError(c1)).toMatchObject({ code: 'NXS_EVENT_HTTP_API_UNKNOWN', message: expect.stringContaining("'gateway'") });
    const c2 = config();
    c2.resources.app.properties!.containers[1].events.push({ type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', containerPort: 9000, method: 'GET', path: '/grpc' } });
    expect(compileError(c2)).toMatchObject({ code: 'NXS_NOT_SUPPORTED_YET', message: expect.stringContaining('web:3000 and grpc:9000') });
    const c3 = config();
    web(c3)[0].properties.payloadFormat = '2.0';
    expect(compileError(c3)).toMatchObject({ code: 'NXS_HTTP_API_ROUTE_INVALID', message: expect.stringContaining('payload format 2.0') });
    const c4 = config();
    web(c4).push({ type: 'service-connect', properties: { containerPort: 3000, alias: 'web-api', protocol: 'http2' } });
    expect(compileError(c4)).toMatchObject({ code: 'NXS_CONTAINER_PORT_CONFLICT', message: expect.stringContaining('disagree') });
    const c5 = config();
    web(c5)[1].properties.path = '/items/{id}';
    web(c5)[1].properties.method = 'GET';
    expect(compileError(c5)).toMatchObject({ code: 'NXS_HTTP_API_ROUTE_DUPLICATE' });
    const c6 = config();
    c6.resources.other = { type: 'multi-container-workload', properties: { resources: { cpu: 0.25, memory: 512 }, containers: [{ name: 'x', packaging: prebuilt('registry.example.com/x:1'), events: [{ type: 'service-connect', properties: { containerPort: 80, alias: 'web-api' } }] }] } };
    expect(compileError(c6)).toMatchObject({ code: 'NXS_CONTAINER_PORT_CONFLICT', message: expect.stringContaining("alias 'web-api'") });
    const c7 = config();
    c7.resources.app.properties!.containers[1].events[0].properties.alias = 'web-api';
    expect(compileError(c7)).toMatchObject({ code: 'NXS_CONTAINER_PORT_CONFLICT', message: expect.stringContaining('names both port 3000 and port 9000') });
    for (const e of [c1, c2, c3, c4, c5, c6, c7].map(compileError)) expect(e.line).toBeGreaterThan(1);
  });
});
