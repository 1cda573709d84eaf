import type { KinesisStreamProperties } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

export const kinesisStreamIds = (name: string) => ({ stream: logicalId(name, 'KinesisStream'), consumer: logicalId(name, 'KinesisStreamConsumer') });

/**
 * `type: kinesis-stream` — AWS::Kinesis::Stream named `<project>-<stage>-<resource>`, on-demand
 * unless `capacityMode: PROVISIONED` (then `shardCount`, default 1); 24 h retention by default;
 * KMS encryption when `encryption.enabled`; `enableEnhancedFanOut` registers a stream consumer.
 */
export const kinesisStreamType: ResourceTypeModule<KinesisStreamProperties | undefined> = {
  type: 'kinesis-stream',
  params: {
    arn: (name) => getAtt(kinesisStreamIds(name).stream, 'Arn'),
    name: (name) => ref(kinesisStreamIds(name).stream),
  },
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    const p = ctx.properties ?? {};
    const ids = kinesisStreamIds(ctx.name);
    const mode = p.capacityMode ?? 'ON_DEMAND';
    const properties: Record<string, unknown> = {
      Name: physicalName(ctx.projectName, ctx.stage, ctx.name, 128),
      StreamModeDetails: { StreamMode: mode },
      RetentionPeriodHours: p.retentionPeriodHours ?? 24,
    };
    if (mode === 'PROVISIONED') properties.ShardCount = p.shardCount ?? 1;
    if (p.encryption?.enabled) properties.StreamEncryption = { EncryptionType: 'KMS', KeyId: p.encryption.kmsKeyArn ?? 'alias/aws/kinesis' };
    ctx.builder.addResource(ids.stream, { Type: 'AWS::Kinesis::Stream', Properties: properties }, ctx.origin);
    if (p.enableEnhancedFanOut) {
      ctx.builder.addResource(ids.consumer, {
        Type: 'AWS::Kinesis::StreamConsumer',
        Properties: { ConsumerName: `${ctx.name}-consumer`, StreamARN: getAtt(ids.stream, 'Arn') },
      }, ctx.origin);
    }
  },
};
