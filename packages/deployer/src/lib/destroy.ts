/** `destroy`: deletes the stage's stack with streamed events. The deployment bucket stays. */
import { stackName as stackNameOf, validateStageName } from '@nxstack/core';
import { formatEvent } from './report';
import { openStage, type StageOptions } from './stage-target';

export interface DestroyResult {
  readonly stackName: string;
  readonly existed: boolean;
}

export async function destroyStack(opts: StageOptions): Promise<DestroyResult> {
  const stackName = stackNameOf(opts.projectName, validateStageName(opts.stage));
  const target = await openStage({ ...opts, bootstrap: false });
  const existed = (await target.deployer.current(stackName)) !== undefined;
  if (!existed) {
    opts.log(`stack ${stackName} does not exist on stage ${target.stage}; nothing to destroy`);
    // The local folder may still hold a half-written deploy: clear it anyway.
    if (target.kind === 'local') await target.deployer.destroy(stackName, () => undefined);
    return { stackName, existed };
  }
  opts.log(`deleting stack ${stackName} (stage ${target.stage})`);
  await target.deployer.destroy(stackName, (e) => opts.log(formatEvent(e)));
  opts.log(`stack ${stackName} deleted${target.kind === 'aws' ? '; the deployment bucket is kept' : ''}`);
  return { stackName, existed };
}
