import { pascalCase } from './names';
import type { ConnectionIds } from './types';

export const defaultConnectionIds: ConnectionIds = {
  logicalId: (resource, suffix) => pascalCase(resource) + suffix,
  securityGroup: (resource) => `${pascalCase(resource)}SecurityGroup`,
  // Every batch-job of a stack shares one queue (cfn-compiler ecs/shared-batch.ts).
  jobQueue: () => 'SharedBatchJobQueue',
};
