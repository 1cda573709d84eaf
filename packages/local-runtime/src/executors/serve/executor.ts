import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { NxstackError, runExecutor } from '@nxstack/core';
import { startLocalGateway } from '../../lib/gateway/local-gateway';
import type { ServeExecutorOptions } from './schema';

/**
 * `nx run <project>:serve` (an Nx continuous task): serves the stack's HTTP APIs and function URLs
 * until Nx or the user stops it (SIGINT/SIGTERM), then closes the servers and the functions.
 */
export default async function serveExecutor(options: ServeExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('serve must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  const log = (line: string) => console.log(line);
  let stopped: Promise<void> | undefined;
  const done = await runExecutor((line) => console.error(line), async () => {
    const gateway = await startLocalGateway({
      workspaceRoot: context.root,
      projectName,
      projectRoot,
      stackFile: options.stackFile ?? path.posix.join(projectRoot, 'stack.yml'),
      region: options.region,
      log,
    });
    if (gateway.endpoints.length === 0) {
      await gateway.close();
      throw new NxstackError('NXS_SERVE_NO_ENDPOINTS', `${projectName} has no http-api-gateway and no function with a url: nothing to serve.`, {
        location: { file: options.stackFile ?? path.posix.join(projectRoot, 'stack.yml') },
        hint: 'Add an http-api-gateway with http-api-gateway events on a function, or url: { enabled: true } on a function.',
      });
    }
    for (const e of gateway.endpoints) {
      log(`serving ${e.kind === 'http-api' ? 'http-api-gateway' : 'function url of'} '${e.resource}' at ${gateway.urls[e.resource]}`);
      for (const r of e.routes) log(`  ${r.routeKey} → ${r.functionName} (payload ${r.payloadFormat})`);
    }
    log('ready: press Ctrl+C to stop');
    stopped = new Promise<void>((resolve) => {
      const stop = () => void gateway.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await stopped;
  });
  return { success: done.success };
}
