import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isLocalStage, LAMBDA_DEFAULTS, lambdaResourceFromStack, LOCAL_REGION, LOCAL_RUNTIME_CACHE_DIR, NxstackError, readManifest, resolveRegion, resourceOutputDir, stackName, type Architecture } from '@nxstack/core';
import { ensureLocalDataResources } from './local-aws/data-resources';
import { localAwsEnvironment } from './local-aws/local-aws-env';
import { invokeImage } from './invoke-image';
import { invokeLocal } from './invoke-local';
import { localEnvironment } from './local-environment';
import type { InvokeResult } from './local-function';

export interface InvokeResourceOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** stack.yml relative to the workspace root. */
  readonly stackFile: string;
  readonly resource: string;
  /** JSON event file (absolute, or relative to the workspace root); absent = `{}`. */
  readonly eventFile?: string;
  readonly stage: string;
  readonly region?: string;
  readonly hostEnv?: NodeJS.ProcessEnv;
  /** Progress lines (starting the local AWS server). */
  readonly log?: (line: string) => void;
}

const LAMBDA_TYPES = ['function', 'deployment-script'];

/**
 * Invokes a stack.yml function locally: its packaged zip (dist/stack/<projectRoot>/<res>/) in a
 * fresh execution environment with the function's timeout, memory and local environment.
 */
export async function invokeResource(o: InvokeResourceOptions): Promise<InvokeResult> {
  if (!isLocalStage(o.stage)) {
    throw new NxstackError('NXS_INVOKE_STAGE_UNSUPPORTED', `Invoking '${o.resource}' on stage '${o.stage}' is not supported yet; only the local stage runs here.`, {
      hint: 'Leave out --stage (or pass --stage local) to run the packaged function locally.',
    });
  }
  const r = await lambdaResourceFromStack(o.stackFile, o.resource, o.workspaceRoot);
  if (!LAMBDA_TYPES.includes(r.resourceType)) {
    throw new NxstackError('NXS_INVOKE_NOT_A_FUNCTION', `'${o.resource}' is a ${r.resourceType}; only ${LAMBDA_TYPES.join(' and ')} resources can be invoked.`, {
      location: r.locate('resource'),
      hint: 'Pass the name of a function resource with --resource.',
    });
  }
  const outputDir = path.join(o.workspaceRoot, resourceOutputDir(r.projectRoot, o.resource));
  const manifest = await readManifest(outputDir);
  const props = r.stack.config.resources[o.resource].properties as { timeout?: number; memory?: number };
  const [event, environment, region] = await Promise.all([
    readEvent(o.workspaceRoot, o.eventFile),
    localEnvironment({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stack: r.stack, resource: o.resource }),
    // The function sees the region the user configured (so its SDK calls go where they expect);
    // with none configured, the local stage's own region, never a made-up AWS one.
    resolveRegion({ region: o.region, env: o.hostEnv }).catch((e: unknown) => (e instanceof NxstackError && e.code === 'NXS_REGION_MISSING' ? LOCAL_REGION : Promise.reject(e))),
  ]);
  // The stack's data resources live in the local AWS server: the function's SDK calls go there,
  // in the local stage's region (where they were created), unless the user set their own endpoint.
  const endpoint = await ensureLocalDataResources({ workspaceRoot: o.workspaceRoot, stackName: stackName(o.projectName, o.stage), log: o.log });
  const awsEnv = endpoint ? localAwsEnvironment(endpoint, environment, o.hostEnv ?? process.env) : {};
  // Lambda's Node runtimes provide the AWS SDK v3, so bundles leave @aws-sdk/* out; locally it
  // resolves from the workspace's node_modules (where nxstack's own SDK clients are installed).
  if (manifest.kind === 'image') {
    return invokeImage({
      outputDir,
      manifest,
      projectName: o.projectName,
      functionName: o.resource,
      environment: { ...awsEnv, ...environment },
      timeout: props.timeout ?? LAMBDA_DEFAULTS.timeout,
      memory: props.memory ?? LAMBDA_DEFAULTS.memory,
      region: awsEnv.AWS_ENDPOINT_URL ? LOCAL_REGION : region,
      event,
      hostEnv: o.hostEnv ?? process.env,
      location: r.locate('packaging'),
    });
  }
  const sdk: Record<string, string> = manifest.runtime.startsWith('nodejs') ? { NODE_PATH: path.join(o.workspaceRoot, 'node_modules') } : {};
  return invokeLocal({
    zip: path.join(outputDir, manifest.artifact),
    runtime: manifest.runtime,
    handler: manifest.handler,
    architecture: manifest.architecture as Architecture,
    // The artifact's own variables (e.g. NODE_OPTIONS) first; stack.yml's win, as in the template.
    environment: { ...sdk, ...manifest.environment, ...awsEnv, ...environment },
    timeout: props.timeout ?? LAMBDA_DEFAULTS.timeout,
    memory: props.memory ?? LAMBDA_DEFAULTS.memory,
    functionName: o.resource,
    region: awsEnv.AWS_ENDPOINT_URL ? LOCAL_REGION : region,
    event,
    hostEnv: o.hostEnv,
    cacheDir: path.join(o.workspaceRoot, LOCAL_RUNTIME_CACHE_DIR),
  });
}

async function readEvent(workspaceRoot: string, eventFile: string | undefined): Promise<unknown> {
  if (eventFile === undefined) return {};
  const file = path.resolve(workspaceRoot, eventFile);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    throw new NxstackError('NXS_EVENT_FILE_NOT_FOUND', `Cannot read the event file ${eventFile}: ${(cause as Error).message}`, {
      location: { file: eventFile },
      hint: 'Pass --event with a JSON file path relative to the workspace root.',
      cause,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new NxstackError('NXS_EVENT_FILE_INVALID', `The event file ${eventFile} is not valid JSON: ${(cause as Error).message}`, {
      location: { file: eventFile },
      hint: 'The event is the JSON payload the function receives.',
      cause,
    });
  }
}
