import { describe, expect, it } from 'vitest';
import { isNxstackError, localEndpointUrl, parseStack, stackName, type LoadedStack } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { validateStack } from '../validate-stack';
import { imageArtifact } from '../__fixtures__/compute-stack';
import { artifact, manifest, parsedFixtureStack, validationError, type StackYamlData } from '../__fixtures__/sample-stack';

const dockerfile = (dir: string) => ({ type: 'custom-dockerfile', properties: { buildContextPath: dir } });

/** An ALB and an NLB, a function behind the ALB and a two-container workload behind both. */
function config(): StackYamlData {
  return {
    resources: {
      mainLb: { type: 'application-load-balancer', properties: { listeners: [{ protocol: 'HTTP', port: 80 }, { protocol: 'HTTPS', port: 443, customCertificateArns: ['arn:aws:acm:eu-west-1:123456789012:certificate/abc'], whitelistIps: ['203.0.113.0/24'] }] } },
      tcpLb: { type: 'network-load-balancer', properties: { interface: 'internal', listeners: [{ protocol: 'TCP', port: 7000 }] } },
      hello: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/hello.ts' } },
          events: [{ type: 'application-load-balancer', properties: { loadBalancerName: 'mainLb', listenerPort: 80, priority: 1, paths: ['/hello/*'], methods: ['get'], queryParams: [{ paramName: 'v', values: ['1', '2'] }] } }],
        },
      },
      jobs: { type: 'sqs-queue', properties: {} },
      app: {
        type: 'multi-container-workload',
        properties: {
          resources: { cpu: 0.5, memory: 1024 },
          scaling: { minInstances: 2, maxInstances: 4 },
          connectTo: ['jobs'],
          containers: [
            {
              name: 'web-server',
              packaging: dockerfile('web'),
              environment: [{ name: 'PORT', value: 3000 }],
              dependsOn: [{ containerName: 'sidecar', condition: 'HEALTHY' }],
              loadBalancerHealthCheck: { healthcheckPath: '/health', healthcheckInterval: 10 },
              events: [
                { type: 'application-load-balancer', properties: { loadBalancerName: 'mainLb', listenerPort: 80, containerPort: 3000, priority: 2, paths: ['/', '/websockets*'] } },
                { type: 'application-load-balancer', properties: { loadBalancerName: 'mainLb', listenerPort: 443, containerPort: 3000, priority: 2, hosts: ['app.example.com'], headers: [{ headerName: 'x-canary', values: ['1'] }], sourceIps: ['198.51.100.0/24'] } },
              ],
            },
            {
              name: 'sidecar',
              packaging: { type: 'prebuilt-image', properties: { image: 'registry.example.com/sidecar:1', command: ['serve'] } },
              essential: false,
              stopTimeout: 30,
              logging: { retentionDays: 7 },
              internalHealthCheck: { healthCheckCommand: ['CMD-SHELL', 'true'], retries: 2 },
              events: [
                { type: 'workload-internal', properties: { containerPort: 9000 } },
                { type: 'network-load-balancer', properties: { loadBalancerName: 'tcpLb', listenerPort: 7000, containerPort: 7000 } },
              ],
            },
            { name: 'metrics', packaging: dockerfile('metrics'), logging: { disabled: true } },
          ],
        },
      },
    },
  };
}

const artifacts = () => ({ hello: artifact('api', manifest('hello')), 'app--web-server': imageArtifact('app--web-server', 'e'), 'app--metrics': imageArtifact('app--metrics', 'f') });

const compileError = validationError;

describe('application / network load balancers and multi-container workloads', () => {
  const { template, outputsByResource } = compileStack({ stack: parsedFixtureStack(config()), projectName: 'api', stage: 'dev', artifacts: artifacts() });
  const r = template.Resources;
  const props = (id: string) => r[id].Properties as Record<string, any>;

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it('the ALB: listeners (404 by default, certificates on HTTPS), security group from each listener\'s sources; domain and url outputs', () => {
    expect(props('MainLbLoadBalancer')).toMatchObject({ Type: 'application', Scheme: 'internet-facing' });
    expect(props('MainLbListener80')).toMatchObject({ Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] });
    expect(props('MainLbListener443').Certificates).toEqual([{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }]);
    expect(props('MainLbLoadBalancerSecurityGroup').SecurityGroupIngress.map((i: any) => [i.FromPort, i.CidrIp])).toEqual([[80, '0.0.0.0/0'], [443, '203.0.113.0/24']]);
    expect(outputsByResource.mainLb).toEqual({ domain: 'MainLbDomain', url: 'MainLbUrl' });
    expect(template.Outputs?.MainLbUrl?.Value).toEqual({ 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['MainLbLoadBalancer', 'DNSName'] }, '']] });
    expect(props('TcpLbLoadBalancer')).toMatchObject({ Type: 'network', Scheme: 'internal' });
  });

  it('on the local stage the ALB url is where serve listens for the listener it names, whatever that listener\'s port', () => {
    const c: StackYamlData = { resources: { site: { type: 'application-load-balancer', properties: { listeners: [{ protocol: 'HTTP', port: 8080 }] } } } };
    const local = compileStack({ stack: parsedFixtureStack(c), projectName: 'api', stage: 'local', artifacts: {} }).template;
    expect(local.Outputs?.SiteUrl?.Value).toBe(localEndpointUrl(stackName('api', 'local'), 'SiteLoadBalancer'));
  });

  it('a function behind the ALB: Lambda target group, invoke permission, a rule with every condition', () => {
    expect(props('HelloAlbTargetGroup1')).toEqual({ TargetType: 'lambda', Targets: [{ Id: { 'Fn::GetAtt': ['HelloFunction', 'Arn'] } }] });
    expect(r.HelloAlbTargetGroup1.DependsOn).toEqual(['HelloAlbPermission1']);
    expect(props('HelloAlbPermission1')).toMatchObject({ Principal: 'elasticloadbalancing.amazonaws.com' });
    expect(props('HelloAlbListenerRule1')).toEqual({
      ListenerArn: { Ref: 'MainLbListener80' },
      Priority: 1,
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/hello/*'] } },
        { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
        { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '1' }, { Key: 'v', Value: '2' }] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'HelloAlbTargetGroup1' } }],
    });
  });

  it('the workload: one task definition with every container, each image its own artifact, one service behind both load balancers', () => {
    const task = props('AppTaskDefinition');
    expect(task).toMatchObject({ Cpu: '512', Memory: '1024' });
    const [web, sidecar, metrics] = task.ContainerDefinitions;
    expect(web).toMatchObject({ Name: 'web-server', Essential: true, PortMappings: [{ ContainerPort: 3000 }], DependsOn: [{ ContainerName: 'sidecar', Condition: 'HEALTHY' }] });
    expect(JSON.stringify(web.Image)).toContain('e'.repeat(64));
    expect(JSON.stringify(metrics.Image)).toContain('f'.repeat(64));
    expect(sidecar).toMatchObject({ Image: 'registry.example.com/sidecar:1', Command: ['serve'], Essential: false, StopTimeout: 30, PortMappings: [{ ContainerPort: 9000 }, { ContainerPort: 7000 }] });
    expect(sidecar.HealthCheck).toEqual({ Command: ['CMD-SHELL', 'true'], Interval: 30, Timeout: 5, Retries: 2 });
    expect(metrics.LogConfiguration).toBeUndefined();
    expect(props('AppSidecarLogGroup')).toMatchObject({ LogGroupName: '/nxstack/ecs/api-dev-app/sidecar', RetentionInDays: 7 });
    expect(r.AppMetricsLogGroup).toBeUndefined();
    // connectTo reaches every container.
    for (const c of task.ContainerDefinitions) expect(c.Environment.map((e: any) => e.Name)).toContain('STP_JOBS_URL');
    expect(web.Environment).toContainEqual({ Name: 'PORT', Value: '3000' });

    const service = props('AppService');
    expect(service.DesiredCount).toBe(2);
    expect(service.LoadBalancers).toEqual([
      { ContainerName: 'web-server', ContainerPort: 3000, TargetGroupArn: { Ref: 'AppWebServerMainLb3000TargetGroup' } },
      { ContainerName: 'sidecar', ContainerPort: 7000, TargetGroupArn: { Ref: 'AppSidecarTcpLb7000TargetGroup' } },
    ]);
    expect(r.AppService.DependsOn).toEqual(expect.arrayContaining(['AppWebServerAlbRule1', 'AppWebServerAlbRule2', 'TcpLbListener7000']));
    expect(props('AppWebServerMainLb3000TargetGroup')).toMatchObject({ TargetType: 'ip', Protocol: 'HTTP', Port: 3000, HealthCheckPath: '/health', HealthCheckIntervalSeconds: 10 });
    expect(props('AppSidecarTcpLb7000TargetGroup')).toMatchObject({ Protocol: 'TCP', Port: 7000, HealthCheckProtocol: 'TCP' });
    expect(props('AppWebServerAlbRule2').Conditions).toEqual([
      { Field: 'host-header', HostHeaderConfig: { Values: ['app.example.com'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-canary', Values: ['1'] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['198.51.100.0/24'] } },
    ]);
    expect(props('TcpLbListener7000')).toMatchObject({ Protocol: 'TCP', Port: 7000, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'AppSidecarTcpLb7000TargetGroup' } }] });
    expect(props('AppSecurityGroup').SecurityGroupIngress.map((i: any) => [i.FromPort, i.SourceSecurityGroupId])).toEqual([
      [3000, { 'Fn::GetAtt': ['MainLbLoadBalancerSecurityGroup', 'GroupId'] }],
      [7000, { 'Fn::GetAtt': ['TcpLbLoadBalancerSecurityGroup', 'GroupId'] }],
    ]);
    expect(props('AppScalableTarget')).toMatchObject({ MinCapacity: 2, MaxCapacity: 4 });
  });

  it('refuses what cannot work, at its stack.yml line', () => {
    const c1 = config();
    c1.resources.hello.properties!.events[0].properties.loadBalancerName = 'loadBalancer';
    expect(compileError(c1)).toMatchObject({ code: 'NXS_EVENT_LOAD_BALANCER_UNKNOWN', message: expect.stringContaining("'loadBalancer', which is not a resource of this stack") });
    const c2 = config();
    delete c2.resources.hello.properties!.events[0].properties.listenerPort;
    expect(compileError(c2)).toMatchObject({ code: 'NXS_LB_LISTENER_UNKNOWN' });
    const c3 = config();
    c3.resources.hello.properties!.events[0].properties.priority = 2;
    expect(compileError(c3)).toMatchObject({ code: 'NXS_LB_RULE_PRIORITY_DUPLICATE' });
    const c4 = config();
    c4.resources.app.properties!.containers[1].events[0].properties.containerPort = 3000;
    expect(compileError(c4)).toMatchObject({ code: 'NXS_CONTAINER_PORT_CONFLICT' });
    const c5 = config();
    c5.resources.app.properties!.containers[0].dependsOn = [{ containerName: 'db', condition: 'START' }];
    expect(compileError(c5)).toMatchObject({ code: 'NXS_CONTAINER_DEPENDENCY_UNKNOWN' });
    const c6 = config();
    c6.resources.app.properties!.containers[2].name = 'sidecar';
    expect(compileError(c6)).toMatchObject({ code: 'NXS_CONTAINER_NAME_DUPLICATE' });
    const c7 = config();
    c7.resources.tcpLb.properties!.listeners.push({ protocol: 'TLS', port: 7001 });
    expect(compileError(c7)).toMatchObject({ code: 'NXS_LB_LISTENER_CERTIFICATE_MISSING' });
    const c8 = config();
    c8.resources.tcpLb.properties!.listeners.push({ protocol: 'TCP', port: 7001 });
    expect(compileError(c8)).toMatchObject({ code: 'NXS_LB_LISTENER_UNKNOWN', message: expect.stringContaining('has no target') });
    for (const e of [c1, c2, c3, c4, c5, c6, c7, c8].map(compileError)) expect(e.line).toBeGreaterThan(1);
  });

  // The shape of Stacktape's socket.io starter: an ALB with no properties, a one-container workload on
  // its default listener, and a local script reading the load balancer's domain.
  const starter = (lbName: string) => `scripts:
  broadcast:
    type: local-script
    properties:
      executeScript: scripts/broadcast.ts
      environment:
        - name: LOAD_BALANCER_DOMAIN
          value: $ResourceParam('${lbName}', 'domain')
resources:
  mainLoadBalancer:
    type: application-load-balancer
  websocketServer:
    type: multi-container-workload
    properties:
      resources: { cpu: 0.25, memory: 512 }
      containers:
        - name: socketio-server
          packaging: { type: stacktape-image-buildpack, properties: { entryfilePath: src/server/index.ts } }
          environment: [{ name: PORT, value: 3000 }]
          events:
            - type: application-load-balancer
              properties: { containerPort: 3000, loadBalancerName: mainLoadBalancer, priority: 2, paths: ['/', '/websockets*'] }
      scaling: { minInstances: 2, maxInstances: 2 }
`;

  it("the starter shape compiles; its script's reference to a load balancer that does not exist is a located error", async () => {
    const stack = parseStack(starter('mainLoadBalancer'), 'stack.yml', { checkPaths: false }) as LoadedStack;
    const { template } = validateStack({ stack, projectName: 'starter', stage: 'local' });
    expect(template.Resources.WebsocketServerSocketioServerAlbRule1?.Properties).toMatchObject({ ListenerArn: { Ref: 'MainLoadBalancerListener80' }, Priority: 2 });
    expect(await cfnLint(template)).toBe('');
    let error: unknown;
    try {
      parseStack(starter('loadBalancer'), 'stack.yml', { checkPaths: false });
    } catch (e) {
      error = e;
    }
    expect(isNxstackError(error) && error.format()).toContain("NXS_UNKNOWN_RESOURCE_REFERENCE stack.yml:8:18 $ResourceParam names resource 'loadBalancer', which does not exist");
  });
});
