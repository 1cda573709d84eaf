import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { customDomainUses, loadStack, NxstackError, runExecutor } from '@nxstack/core';
import { startLocalGateway } from '../../lib/gateway/local-gateway';
import { localFunctionRegion } from '../../lib/local-region';
import { startLocalServices } from '../../lib/services/local-services';
import { startLocalHosting } from '../../lib/hosting/local-hosting';
import { startLocalWorkloads } from '../../lib/services/local-workloads';
import { startLocalLoadBalancers } from '../../lib/load-balancers/local-load-balancers';
import { refuseUnservedResources } from '../../lib/services/unserved-resources';
import type { ServeExecutorOptions } from './schema';

/**
 * `nx run <project>:serve` (an Nx continuous task): serves the stack's HTTP APIs, function URLs,
 * hosting buckets and load balancers and runs its web/private/worker services and
 * multi-container workloads until Nx or the user stops it (SIGINT/SIGTERM), then closes the
 * servers, the functions, the services and the containers (no process or container outlives it).
 */
export default async function serveExecutor(options: ServeExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('serve must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  const log = (line: string) => console.log(line);
  let stopped: Promise<void> | undefined;
  const done = await runExecutor((line) => console.error(line), async () => {
    const stackFile = options.stackFile ?? path.posix.join(projectRoot, 'stack.yml');
    const stack = await loadStack(stackFile, { workspaceRoot: context.root, checkPaths: false });
    refuseUnservedResources(stack);
    const gateway = await startLocalGateway({ workspaceRoot: context.root, projectName, projectRoot, stackFile, region: options.region, log });
    let services: Awaited<ReturnType<typeof startLocalServices>>;
    let hosting: Awaited<ReturnType<typeof startLocalHosting>> | undefined;
    let workloads: Awaited<ReturnType<typeof startLocalWorkloads>> | undefined;
    let balancers: Awaited<ReturnType<typeof startLocalLoadBalancers>> | undefined;
    try {
      const region = await localFunctionRegion(options.region, process.env);
      const local = { workspaceRoot: context.root, projectName, projectRoot, stack, region, hostEnv: process.env, log };
      hosting = await startLocalHosting({ workspaceRoot: context.root, projectName, stack, log });
      balancers = await startLocalLoadBalancers(local);
      workloads = await startLocalWorkloads(local);
      services = await startLocalServices(local);
    } catch (e) {
      await Promise.all([gateway.close(), hosting?.close(), balancers?.close(), workloads?.close()]);
      throw e;
    }
    const [sites, lbs, mcws] = [hosting, balancers, workloads];
    const close = () => Promise.all([gateway.close(), services.close(), sites.close(), lbs.close(), mcws.close()]).then(() => undefined);
    for (const s of sites.sites) log(`serving hosting-bucket '${s.resource}' at ${s.url}`);
    for (const w of mcws.workloads) log(`serving multi-container-workload '${w.resource}' (containers: ${w.describe()})`);
    for (const b of lbs.endpoints) {
      log(`serving ${b.type} '${b.resource}' listener ${b.listenerPort} at ${b.address}`);
      for (const r of b.routes) log(r);
    }
    if (gateway.endpoints.length === 0 && services.services.length === 0 && sites.sites.length === 0 && mcws.workloads.length === 0 && lbs.endpoints.length === 0) {
      await close();
      throw new NxstackError('NXS_SERVE_NO_ENDPOINTS', `${projectName} has no http-api-gateway, no function with a url, no hosting-bucket, no load balancer, no service and no workload: nothing to serve.`, {
        location: { file: stackFile },
        hint: 'Add an http-api-gateway with http-api-gateway events on a function, url: { enabled: true } on a function, or a web-service.',
      });
    }
    for (const e of gateway.endpoints) {
      log(`serving ${e.kind === 'http-api' ? 'http-api-gateway' : 'function url of'} '${e.resource}' at ${gateway.urls[e.resource]}`);
      for (const r of e.routes) log(`  ${r.routeKey} → ${r.functionName}${r.containerPort !== undefined ? ` port ${r.containerPort}` : ` (payload ${r.payloadFormat})`}`);
    }
    // The local stage has no domains: say so rather than leave them silently unserved.
    for (const u of customDomainUses(stack.config.resources)) {
      // A user pool's customDomain has no localhost URL: the local stage does not emulate Cognito.
      const instead = u.path.at(-1) === 'customDomain' ? 'Cognito is not emulated locally' : 'use its localhost URL';
      log(`custom domain ${u.domain.domainName} of '${u.resource}' is not served locally (AWS stages only): ${instead}`);
    }
    log('ready: press Ctrl+C to stop');
    stopped = new Promise<void>((resolve) => {
      const stop = () => void close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await stopped;
  });
  return { success: done.success };
}
