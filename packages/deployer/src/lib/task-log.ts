// One owner: core's run-executor (the packagers print through it too).
export { taskLog } from '@nxstack/core';
