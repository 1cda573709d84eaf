import * as path from 'node:path';
import { DEFAULT_STAGE, isLocalStage } from './model/stage-name';
import { toPosix } from './output-paths';

/**
 * Where the on-disk state of a stage lives, workspace-relative (posix). The deployer writes it,
 * connect-to and the image builder read or add to it: every one of them takes the layout from here.
 *
 *   .nxstack/<stage>/artifacts/                         local artifact store (zips by key)
 *   .nxstack/<stage>/<project>/template.json|state.json  the local stage's deployed stack
 *   .nxstack/<stage>/images/<region>/<projectRoot>/<res>.json   record of the image pushed for a resource (AWS stage)
 *   .nxstack/local/images/<projectRoot>/<res>.json       record of a local-stage image
 *   .nxstack/<stage>/images/<projectRoot>/<res>/         OCI layout of a local-stage image
 *   .nxstack/local/.local-aws/                           the local stage's AWS server (moto): server.json, log, stacks/
 *   .nxstack/local/.databases/<stack>/<logicalId>/       a local database / redis server: server.json, server.log, data/
 */
export function localStageDir(stage = DEFAULT_STAGE): string {
  return path.posix.join('.nxstack', stage);
}

export const LOCAL_STACK_STATE_FILE = 'state.json';
export const LOCAL_STACK_TEMPLATE_FILE = 'template.json';

/** Folder of one project's stack on an on-disk stage. */
export function localStackDir(stage: string, projectName: string): string {
  return path.posix.join(localStageDir(stage), projectName);
}

/** The deployed stack's state (template, parameters, hash, resources, outputs). */
export function localStackStateFile(stage: string, projectName: string): string {
  return path.posix.join(localStackDir(stage, projectName), LOCAL_STACK_STATE_FILE);
}

/** The part of state.json that readers outside the deployer use. */
export interface LocalStackStateOutputs {
  readonly outputs?: Readonly<Record<string, string>>;
}

export function localArtifactsDir(stage: string): string {
  return path.posix.join(localStageDir(stage), 'artifacts');
}

/**
 * What push-image recorded for a resource on a stage (reference + digest), read by deploy. Kept
 * per region on AWS stages: one stage deployed to two regions has an image in each region's
 * registry, and a deploy must pin the one of its own region. The local stage has no region.
 */
export function imagePushRecordPath(stage: string, region: string | undefined, projectRoot: string, resource: string): string {
  if (isLocalStage(stage)) return path.posix.join(localStageDir(stage), 'images', toPosix(projectRoot), `${resource}.json`);
  if (!region) throw new Error(`imagePushRecordPath: stage '${stage}' is an AWS stage and needs its region`);
  return path.posix.join(localStageDir(stage), 'images', region, toPosix(projectRoot), `${resource}.json`);
}

/** OCI image layout of a resource's image on an on-disk stage. */
export function localImageLayoutDir(stage: string, projectRoot: string, resource: string): string {
  return path.posix.join(localStageDir(stage), 'images', toPosix(projectRoot), resource);
}

/**
 * Log of every local invocation of one function or deployment script (invoke, run-script,
 * deploy scripts, serve), one JSON line per log line. Outside the project's stack folder, so a
 * destroy (which removes that folder) keeps the logs of its before:delete scripts.
 */
export function localInvocationLogFile(stage: string, projectName: string, resource: string): string {
  return path.posix.join(localStageDir(stage), 'logs', projectName, `${resource}.jsonl`);
}

/**
 * The local stage's AWS data plane (a moto server that outlives one nx run): `server.json`
 * (pid, port, token), `server.log`, and `stacks/<stack>.json` (the data resources each stack
 * holds there). A dot folder: no project folder of `.nxstack/local/` can be called so.
 */
export function localAwsDir(): string {
  return path.posix.join(localStageDir(DEFAULT_STAGE), '.local-aws');
}

/**
 * The local stand-in of a volume a resource mounts (`volumeMounts`): one folder per file system
 * of the project's stack, `rootDirectory` inside it (clamped to the file system), so every
 * resource mounting the same file system shares its files, and they survive across invocations.
 */
export function localVolumeDir(stage: string, projectName: string, fileSystem: string, rootDirectory = '/'): string {
  return path.posix.join(localStageDir(stage), 'volumes', projectName, fileSystem, path.posix.resolve('/', rootDirectory).slice(1));
}

/**
 * One local database or redis server of a stack (relational-database, redis-cluster): its
 * `server.json` (how it runs), `server.log` and `data/`. Outside the project's stack folder, which
 * a destroy removes first; a dot folder, so no project folder can be called so. Under `local` for
 * every on-disk stage, as the local AWS server is: stack names already carry the stage.
 */
export function localDatabaseDir(stackName: string, logicalId: string): string {
  return path.posix.join(localStageDir(DEFAULT_STAGE), '.databases', stackName, logicalId);
}
