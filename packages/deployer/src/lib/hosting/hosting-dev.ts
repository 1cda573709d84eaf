/**
 * `dev--<hosting bucket>` (Stacktape's `dev`, which `stacktape dev` runs): first the bucket's
 * injectEnvironment, resolved for the stage (local values on the local stage), is written to
 * `.env.local` in the dev workingDirectory (replacing it, as Stacktape does; nothing is written
 * when there are no values); then the command runs until stopped. Stacktape runs a dev command
 * through a shell, so it runs as argv `['/bin/sh', '-c', <command>]`, in its own process group
 * (stopping the task stops the whole dev server), with HOST=127.0.0.1 as Stacktape sets it.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatDotenv, readCloudFormationOutputs, readLocalOutputs } from '@nxstack/connect-to';
import { awsClientConfig, hostingBucketOf, hostingCommandDir, isLocalStage, loadStack, NxstackError } from '@nxstack/core';
import type { StackCommandOptions } from '../plan-stack';
import { stageValues } from '../stage-values';
import { injectedEnvironment } from './hosting-injected-env';

export async function runHostingDev(o: StackCommandOptions & { readonly resource: string; readonly signals?: NodeJS.EventEmitter }): Promise<void> {
  const stack = await loadStack(o.stackFile, { workspaceRoot: o.workspaceRoot, checkPaths: false, values: await stageValues(o) });
  const props = hostingBucketOf(stack, o.resource);
  const at = ['resources', o.resource, 'properties', 'dev'];
  if (!props.dev) throw new NxstackError('NXS_MISSING_PROPERTY', `hosting-bucket '${o.resource}' has no dev command`, { location: stack.locate(at.slice(0, -1)), hint: 'Add dev: { command: ... } (e.g. npm run dev).' });
  const cwd = hostingCommandDir(stack, o.workspaceRoot, o.resource, 'dev');
  if (props.injectEnvironment?.length) {
    const outputs = isLocalStage(o.stage)
      ? await readLocalOutputs(o.workspaceRoot, o.projectName, o.stage)
      : await readCloudFormationOutputs(await awsClientConfig({ region: o.region, profile: o.profile }), o.projectName, o.stage);
    const values = injectedEnvironment(stack, o.resource, props, outputs, { code: 'NXS_STAGE_NOT_DEPLOYED', hint: `Deploy the stage (nx run ${o.projectName}:deploy --stage ${o.stage}): the values come from its deployed stack.` })!;
    const file = path.join(cwd, '.env.local');
    await writeFile(file, formatDotenv(values));
    o.log(`${o.resource}: wrote ${Object.keys(values).join(', ')} (stage ${o.stage}) to ${path.relative(o.workspaceRoot, file).split(path.sep).join('/')}`);
  }
  o.log(`${o.resource}: dev: ${props.dev.command}`);
  const env = { ...Object.fromEntries(Object.entries(o.env).filter((e): e is [string, string] => e[1] !== undefined)), HOST: '127.0.0.1' };
  const child = spawn('/bin/sh', ['-c', props.dev.command], { cwd, env, stdio: 'inherit', detached: true });
  const signals = o.signals ?? process;
  const stop = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signals.on('SIGTERM', stop).on('SIGINT', stop);
  try {
    const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.on('error', (error) => resolve({ code: null, signal: null, error }));
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    if (end.error || (end.code !== 0 && end.signal !== 'SIGTERM' && end.signal !== 'SIGINT')) {
      throw new NxstackError('NXS_HOSTING_DEV_FAILED', `hosting-bucket '${o.resource}': dev \`${props.dev.command}\` ${end.error ? `could not start: ${end.error.message}` : end.signal ? `was stopped by ${end.signal}` : `exited with code ${end.code}`}`, {
        location: stack.locate([...at, 'command']),
        hint: `Its output is above; it ran in ${cwd}.`,
      });
    }
  } finally {
    signals.off('SIGTERM', stop).off('SIGINT', stop);
  }
}
