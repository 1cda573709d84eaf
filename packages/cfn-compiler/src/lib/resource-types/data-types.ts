import { dynamoDbTableType } from './dynamo-db-table';
import { eventBusType } from './event-bus';
import { kinesisStreamType } from './kinesis-stream';
import { stateMachineType } from './state-machine';
import { redisClusterType } from './redis-cluster';
import { mongoDbAtlasClusterType } from './mongo-db-atlas-cluster';
import { relationalDatabaseType } from './relational-database';
import type { ResourceTypeModule } from './resource-type';
import { snsTopicType } from './sns-topic';
import { sqsQueueType } from './sqs-queue';
import { userAuthPoolType } from './user-auth-pool';
import { efsFilesystemType } from '../efs/efs-filesystem';

/** Data resources of issue 6 (no artifact, no role): listed in registry.ts with one spread. */
export const DATA_TYPE_MODULES: readonly ResourceTypeModule[] = [
  dynamoDbTableType,
  sqsQueueType,
  snsTopicType,
  eventBusType,
  relationalDatabaseType,
  redisClusterType,
  mongoDbAtlasClusterType as unknown as ResourceTypeModule,
  userAuthPoolType as unknown as ResourceTypeModule,
  kinesisStreamType as unknown as ResourceTypeModule,
  stateMachineType as unknown as ResourceTypeModule,
  efsFilesystemType as unknown as ResourceTypeModule,
];
