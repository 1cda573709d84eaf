import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

const busId = (name: string) => logicalId(name, 'EventBus');

/**
 * `type: event-bus` — AWS::Events::EventBus named `<project>-<stage>-<resource>` (or after the
 * partner `eventSourceName`), plus an AWS::Events::Archive when `archivation.enabled`.
 */
export const eventBusType: ResourceTypeModule = {
  type: 'event-bus',
  params: {
    arn: (name) => getAtt(busId(name), 'Arn'),
    name: (name) => ref(busId(name)),
  },
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    const p = (ctx.properties ?? {}) as { eventSourceName?: string; archivation?: { enabled: boolean; retentionDays?: number } };
    const properties: Record<string, unknown> = { Name: p.eventSourceName ?? physicalName(ctx.projectName, ctx.stage, ctx.name, 256) };
    if (p.eventSourceName) properties.EventSourceName = p.eventSourceName;
    ctx.builder.addResource(busId(ctx.name), { Type: 'AWS::Events::EventBus', Properties: properties }, ctx.origin);
    if (p.archivation?.enabled) {
      const archive: Record<string, unknown> = { SourceArn: getAtt(busId(ctx.name), 'Arn') };
      if (p.archivation.retentionDays) archive.RetentionDays = p.archivation.retentionDays;
      ctx.builder.addResource(logicalId(ctx.name, 'EventBusArchive'), { Type: 'AWS::Events::Archive', Properties: archive }, ctx.origin);
    }
  },
};
