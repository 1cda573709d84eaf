import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

interface KeyAttribute {
  name: string;
  type: string;
}
interface SecondaryIndex {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projections?: 'all' | 'keys-only' | string[];
}

const tableId = (name: string) => logicalId(name, 'Table');
const ATTRIBUTE_TYPES: Record<string, string> = { string: 'S', number: 'N', binary: 'B', S: 'S', N: 'N', B: 'B' };

/**
 * `type: dynamo-db-table` — AWS::DynamoDB::Table, on-demand billing by default. `streamType`
 * turns on DynamoDB Streams (and with it the `streamArn` param / STREAM_ARN variable).
 */
export const dynamoDbTableType: ResourceTypeModule = {
  type: 'dynamo-db-table',
  params: {
    name: (name) => ref(tableId(name)),
    arn: (name) => getAtt(tableId(name), 'Arn'),
    streamArn: (name, props) => (props && !props.streamType ? undefined : getAtt(tableId(name), 'StreamArn')),
  },
  outputs: { Name: 'name', Arn: 'arn' },
  compile(ctx) {
    const p = ctx.properties as {
      primaryKey: { partitionKey: KeyAttribute; sortKey?: KeyAttribute };
      billing?: { billingMode?: string; readUnits?: number; writeUnits?: number };
      streamType?: string;
      secondaryIndexes?: SecondaryIndex[];
      enablePointInTimeRecovery?: boolean;
    };
    const attributes = new Map<string, string>();
    const addAttribute = (a: KeyAttribute, path: (string | number)[]) => {
      const type = ATTRIBUTE_TYPES[a.type];
      const seen = attributes.get(a.name);
      if (seen && seen !== type) {
        throw new NxstackError('NXS_DYNAMO_KEY_TYPE_CONFLICT', `Attribute '${a.name}' of table '${ctx.name}' is used as a key with two types (${seen} and ${type}).`, {
          location: ctx.locate([...ctx.path, 'properties', ...path, 'type']),
          hint: 'A DynamoDB attribute has one type in every key and index that uses it; use the same type everywhere.',
        });
      }
      attributes.set(a.name, type);
    };
    const keySchema = (pk: KeyAttribute, sk: KeyAttribute | undefined, path: (string | number)[]) => {
      addAttribute(pk, [...path, 'partitionKey']);
      if (sk) addAttribute(sk, [...path, 'sortKey']);
      return [{ AttributeName: pk.name, KeyType: 'HASH' }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : [])];
    };
    const properties: Record<string, unknown> = { KeySchema: keySchema(p.primaryKey.partitionKey, p.primaryKey.sortKey, ['primaryKey']) };
    const provisioned = p.billing?.billingMode === 'PROVISIONED';
    if (provisioned) checkProvisioned(ctx, p.billing ?? {});
    const throughput = provisioned ? { ReadCapacityUnits: p.billing!.readUnits, WriteCapacityUnits: p.billing!.writeUnits } : undefined;
    properties.BillingMode = provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST';
    if (throughput) properties.ProvisionedThroughput = throughput;
    const indexNames = new Set<string>();
    const gsis = (p.secondaryIndexes ?? []).map((index, i) => {
      if (indexNames.has(index.name)) {
        throw new NxstackError('NXS_DYNAMO_INDEX_DUPLICATE', `Table '${ctx.name}' has two secondary indexes named '${index.name}'.`, {
          location: ctx.locate([...ctx.path, 'properties', 'secondaryIndexes', i, 'name']),
          hint: 'Index names must be unique within a table.',
        });
      }
      indexNames.add(index.name);
      const gsi: Record<string, unknown> = {
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey, ['secondaryIndexes', i]),
        Projection: projection(index.projections),
      };
      if (throughput) gsi.ProvisionedThroughput = throughput;
      return gsi;
    });
    properties.AttributeDefinitions = [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
    if (gsis.length) properties.GlobalSecondaryIndexes = gsis;
    if (p.streamType) properties.StreamSpecification = { StreamViewType: p.streamType };
    if (p.enablePointInTimeRecovery) properties.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: true };
    ctx.builder.addResource(tableId(ctx.name), { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: properties }, ctx.origin);
    if (p.streamType) ctx.builder.addOutput(logicalId(ctx.name, 'StreamArn'), { Value: getAtt(tableId(ctx.name), 'StreamArn'), Description: `streamArn of dynamo-db-table '${ctx.name}'` });
  },
};

function checkProvisioned(ctx: ResourceCompileContext, billing: { readUnits?: number; writeUnits?: number }): void {
  for (const key of ['readUnits', 'writeUnits'] as const) {
    if (billing[key] !== undefined) continue;
    throw new NxstackError('NXS_DYNAMO_CAPACITY_MISSING', `Table '${ctx.name}' uses PROVISIONED billing without ${key}.`, {
      location: ctx.locate([...ctx.path, 'properties', 'billing']),
      hint: 'Set billing.readUnits and billing.writeUnits, or drop billingMode to use on-demand (PAY_PER_REQUEST).',
    });
  }
}

function projection(p: SecondaryIndex['projections']): Record<string, unknown> {
  if (p === undefined || p === 'all') return { ProjectionType: 'ALL' };
  if (p === 'keys-only') return { ProjectionType: 'KEYS_ONLY' };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: p };
}
