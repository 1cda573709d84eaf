import { containerUnitName, NxstackError, type MultiContainerWorkloadProperties } from '@nxstack/core';
import { compileWorkloadConnections } from '../connections/workload-connections';
import { containerEnvironment } from '../ecs/container-environment';
import { containerImage, needsBuiltImage } from '../ecs/container-image';
import { compileContainerHttpApiRoutes } from '../ecs/container-http-api';
import { compileContainerLoadBalancing, containerPorts } from '../ecs/container-load-balancing';
import { compileContainerServiceConnect, portMappingName } from '../ecs/container-service-connect';
import { compileContainerVolumes } from '../ecs/container-volumes';
import { compileLogGroup, compileWorkloadTask, containerDefinition, workloadIds, type TaskContainer, type WorkloadNetwork } from '../ecs/container-workload';
import { DEFAULT_LOG_RETENTION_DAYS } from '../lambda/log-retention';
import { logicalId, pascalCase } from '../logical-ids';
import { ref, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

type Props = MultiContainerWorkloadProperties;

/**
 * `type: multi-container-workload` — Stacktape's workload of several containers: one Fargate
 * task definition (one container definition each, sharing the task's cpu/memory and network) and
 * one ECS service. Each built image is its own artifact `<workload>--<container>`
 * (`package--<workload>--<container>`); connectTo's variables reach every container.
 */
export const multiContainerWorkloadType: ResourceTypeModule<Props> = {
  type: 'multi-container-workload',
  params: { serviceArn: (name) => ref(workloadIds(name).service) },
  packaged: (properties) => properties.containers.some((c) => needsBuiltImage(c.packaging)),
  packagedUnits: (name, properties) => properties.containers.filter((c) => needsBuiltImage(c.packaging)).map((c) => containerUnitName(name, c.name)),
  outputs: {},
  compile(ctx) {
    checkContainers(ctx);
    const ids = workloadIds(ctx.name);
    const connections = compileWorkloadConnections(ctx, { securityGroupId: ids.securityGroup });
    const ports = containerPorts(ctx);
    const lb = compileContainerLoadBalancing(ctx);
    const http = compileContainerHttpApiRoutes(ctx);
    const { appProtocols, ...connect } = compileContainerServiceConnect(ctx);
    const network: WorkloadNetwork = {
      ingress: [...(lb.ingress ?? []), ...(http.ingress ?? []), ...(connect.ingress ?? [])],
      loadBalancers: lb.loadBalancers,
      dependsOn: lb.dependsOn,
      serviceRegistries: http.serviceRegistries,
      serviceConnect: connect.serviceConnect,
    };
    // Each container's volumeMounts: the task's volumes, mounted by the containers that name them.
    const volumes = compileContainerVolumes(ctx, ctx.properties.containers.map((c, i) => ({ mounts: c.volumeMounts ?? [], at: [...ctx.path, 'properties', 'containers', i, 'volumeMounts'] })));
    const containers: TaskContainer[] = ctx.properties.containers.map((c, i) => {
      const at = ['containers', i];
      const logGroup = c.logging?.disabled ? undefined : logicalId(ctx.name, `${pascalCase(c.name)}LogGroup`);
      if (logGroup) compileLogGroup(ctx, logGroup, c.name, c.logging?.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS);
      const env = containerEnvironment(ctx, [...at, 'environment'], {}, connections.environment);
      const image = containerImage(ctx, [...at, 'packaging'], containerUnitName(ctx.name, c.name));
      const container = containerDefinition(ctx, { name: c.name, image, env, ports: ports.get(c.name) ?? [], logGroup });
      const d = container.definition;
      // Named port mappings: Service Connect refers to a port by name, with its app protocol.
      for (const m of (d.PortMappings ?? []) as Array<Record<string, unknown>>) {
        m.Name = portMappingName(m.ContainerPort as number);
        const protocol = appProtocols.get(m.ContainerPort as number);
        if (protocol) m.AppProtocol = protocol;
      }
      d.Essential = c.essential ?? true;
      if (c.dependsOn?.length) d.DependsOn = c.dependsOn.map((x) => ({ ContainerName: x.containerName, Condition: x.condition }));
      if (c.stopTimeout !== undefined) d.StopTimeout = c.stopTimeout;
      if (volumes.mountPoints[i]!.length) d.MountPoints = volumes.mountPoints[i];
      const h = c.internalHealthCheck;
      if (h) {
        d.HealthCheck = {
          Command: h.healthCheckCommand,
          Interval: h.intervalSeconds ?? 30,
          Timeout: h.timeoutSeconds ?? 5,
          Retries: h.retries ?? 3,
          ...(h.startPeriodSeconds !== undefined ? { StartPeriod: h.startPeriodSeconds } : {}),
        };
      }
      return container;
    });
    compileWorkloadTask(ctx, network, containers, [...connections.policyStatements, ...volumes.statements], volumes);
  },
};

/** Names unique, `dependsOn` naming sibling containers (HEALTHY needs their health check), at least one essential container. */
function checkContainers(ctx: ResourceCompileContext<Props>): void {
  const containers = ctx.properties.containers;
  const at = (i: number, ...rest: Array<string | number>) => ctx.locate([...ctx.path, 'properties', 'containers', i, ...rest]);
  containers.forEach((c, i) => {
    if (containers.findIndex((x) => x.name === c.name) !== i) {
      throw new NxstackError('NXS_CONTAINER_NAME_DUPLICATE', `Two containers of '${ctx.name}' are named '${c.name}'.`, { location: at(i, 'name'), hint: 'Give each container of a workload its own name.' });
    }
    (c.dependsOn ?? []).forEach((d, j) => {
      const target = containers.find((x) => x.name === d.containerName);
      if (!target || target === c) {
        throw new NxstackError('NXS_CONTAINER_DEPENDENCY_UNKNOWN', `Container '${c.name}' of '${ctx.name}' depends on '${d.containerName}', which is ${target ? 'itself' : 'not a container of this workload'}.`, {
          location: at(i, 'dependsOn', j, 'containerName'),
          hint: `Name another container of the workload: ${containers.filter((x) => x !== c).map((x) => x.name).join(', ') || '(none)'}.`,
        });
      }
      if (d.condition === 'HEALTHY' && !target.internalHealthCheck) {
        throw new NxstackError('NXS_CONTAINER_DEPENDENCY_UNKNOWN', `Container '${c.name}' waits for '${d.containerName}' to be HEALTHY, which has no internalHealthCheck.`, {
          location: at(i, 'dependsOn', j, 'condition'),
          hint: `Give '${d.containerName}' an internalHealthCheck, or wait for START.`,
        });
      }
    });
  });
  if (!containers.some((c) => c.essential !== false)) {
    throw new NxstackError('NXS_CONTAINER_NOT_ESSENTIAL', `No container of '${ctx.name}' is essential.`, {
      location: ctx.locate([...ctx.path, 'properties', 'containers']),
      hint: 'ECS needs at least one essential container per task: leave essential unset (true) on the main one.',
    });
  }
}
