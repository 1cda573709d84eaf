/**
 * What a stage gets after its stack update, whichever command updated it (deploy, promote): each
 * hosting-bucket's writeDotenvFilesTo `.env.<stage>` with the deployed values, and the edge
 * functions' log groups in every region Lambda@Edge runs in. One owner, so promote cannot drift
 * from deploy here. (A hosting-bucket's site upload stays deploy's: promote refuses such a stack,
 * whose files its release record does not hold.)
 */
import type { LoadedStack } from '@nxstack/core';
import { createLogsClient } from './aws-clients';
import { applyEdgeLogging } from './edge-log-groups';
import { writeHostingDotenvFiles } from './hosting/hosting-dotenv';

export interface AfterStackUpdateOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly stage: string;
  readonly local: boolean;
  /** The updated stack's outputs. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly profile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

export async function afterStackUpdate(o: AfterStackUpdateOptions): Promise<void> {
  await writeHostingDotenvFiles({ workspaceRoot: o.workspaceRoot, stack: o.stack, stage: o.stage, outputs: o.outputs, log: o.log });
  // edge-lambda-function logging: its log groups live in every region Lambda@Edge runs in (none on the local stage).
  await applyEdgeLogging({ stack: o.stack, projectName: o.projectName, stage: o.stage, local: o.local, logsIn: (region) => createLogsClient({ region, profile: o.profile, env: o.env }), log: o.log });
}
