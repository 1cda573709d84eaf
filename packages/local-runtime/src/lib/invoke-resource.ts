import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isLocalStage, lambdaResourceFromStack, LOCAL_REGION, NxstackError, readManifest, resourceOutputDir, stackName } from '@nxstack/core';
import { appendInvocationLog } from './invocation-log';
import { ensureLocalDataResources } from './local-aws/data-resources';
import { localAwsEnvironment } from './local-aws/local-aws-env';
import { invokeImage } from './invoke-image';
import { invokeLocal } from './invoke-local';
import { localVolumeBinds, refuseVolumesOnHost } from './local-volumes';
import { localEnvironment } from './local-environment';
import { localFunctionRegion } from './local-region';
import { functionLimits, packagedFunctionSpec } from './packaged-function-spec';
import type { InvokeResult } from './local-function';

export interface InvokeResourceOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** stack.yml relative to the workspace root. */
  readonly stackFile: string;
  readonly resource: string;
  /** JSON event file (absolute, or relative to the workspace root); absent = `{}`. */
  readonly eventFile?: string;
  /** The event itself (a deployment script's resolved parameters); wins over eventFile. */
  readonly event?: unknown;
  readonly stage: string;
  readonly region?: string;
  readonly hostEnv?: NodeJS.ProcessEnv;
  /** Every workspace project with a stack.yml (core's workspaceStackFiles): `$CfStackOutput` providers. */
  readonly stackFiles?: ReadonlyMap<string, string>;
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
    throw new NxstackError('NXS_INVOKE_STAGE_UNSUPPORTED', `invokeResource runs '${o.resource}' on the local stage, not on '${o.stage}'.`, {
      hint: 'A deployed stage is invoked through invokeDeployed (what the invoke executor does for --stage <aws stage>).',
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
  const volumes = { workspaceRoot: o.workspaceRoot, stage: o.stage, projectName: o.projectName, stack: r.stack, resource: o.resource };
  if (manifest.kind !== 'image') refuseVolumesOnHost(volumes, 'a zip function (run locally as a host process)');
  const [event, environment, region] = await Promise.all([
    o.event !== undefined ? o.event : readEvent(o.workspaceRoot, o.eventFile),
    localEnvironment({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stack: r.stack, resource: o.resource, stackFiles: o.stackFiles }),
    localFunctionRegion(o.region, o.hostEnv),
  ]);
  // The stack's data resources live in the local AWS server: the function's SDK calls go there,
  // in the local stage's region (where they were created), unless the user set their own endpoint.
  const endpoint = await ensureLocalDataResources({ workspaceRoot: o.workspaceRoot, stackName: stackName(o.projectName, o.stage), log: o.log });
  const awsEnv = endpoint ? localAwsEnvironment(endpoint, environment, o.hostEnv ?? process.env) : {};
  const functionRegion = awsEnv.AWS_ENDPOINT_URL ? LOCAL_REGION : region;
  const startedAt = Date.now();
  let result: InvokeResult;
  if (manifest.kind === 'image') {
    result = await invokeImage({
      outputDir,
      manifest,
      projectName: o.projectName,
      functionName: o.resource,
      environment: { ...awsEnv, ...environment },
      ...functionLimits(r.stack, o.resource),
      region: functionRegion,
      event,
      hostEnv: o.hostEnv ?? process.env,
      location: r.locate('packaging'),
      binds: await localVolumeBinds(volumes),
    });
  } else {
    result = await invokeLocal({
      ...packagedFunctionSpec({ workspaceRoot: o.workspaceRoot, stack: r.stack, resource: o.resource, manifest, environment: { ...awsEnv, ...environment }, region: functionRegion, hostEnv: o.hostEnv }),
      zip: path.join(outputDir, manifest.artifact),
      event,
    });
  }
  await appendInvocationLog({ workspaceRoot: o.workspaceRoot, stage: o.stage, projectName: o.projectName, resource: o.resource }, result, startedAt);
  return result;
}

/** The JSON event of `--event <file>`; `{}` without one. */
export async function readEvent(workspaceRoot: string, eventFile: string | undefined): Promise<unknown> {
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

