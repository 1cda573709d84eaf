/**
 * While a local deploy runs its `after:deploy` scripts, the stack's HTTP APIs and function URLs
 * answer at the local URLs the scripts' parameters name (`$ResourceParam('api', 'url')`): a
 * smoke test after deploy calls the API it just deployed, as it would on AWS.
 */
import * as path from 'node:path';
import { DEFAULT_STAGE, isNxstackError, type LoadedStack } from '@nxstack/core';
import { httpEndpoints, startLocalGateway, type LocalGateway } from '@nxstack/local-runtime';

export interface ScriptGatewayOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stage: string;
  readonly stack: LoadedStack;
  readonly log: (line: string) => void;
}

export async function withScriptGateway<T>(o: ScriptGatewayOptions, run: () => Promise<T>): Promise<T> {
  // Local URLs are those of the default local stage (the ports core's localEndpointPort derives).
  if (o.stage !== DEFAULT_STAGE || httpEndpoints(o.stack).length === 0) return run();
  let gateway: LocalGateway | undefined;
  try {
    gateway = await startLocalGateway({
      workspaceRoot: o.workspaceRoot,
      projectName: o.projectName,
      stackFile: path.isAbsolute(o.stack.file) ? path.relative(o.workspaceRoot, o.stack.file) : o.stack.file,
      log: o.log,
    });
  } catch (e) {
    // A running `nx run <project>:serve` holds the same ports and serves the same artifacts.
    if (!isNxstackError(e) || e.code !== 'NXS_SERVE_PORT_IN_USE') throw e;
    o.log(`HTTP APIs: a port is in use, so the scripts call what listens there (a running serve of ${o.projectName} serves the same artifacts): ${e.message}`);
  }
  try {
    return await run();
  } finally {
    await gateway?.close();
  }
}
