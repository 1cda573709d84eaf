import { NxstackError } from '../errors';
import type { StackConfig } from './stack-schema';
import type { YamlSource } from './yaml-source';

/** Two `stackConfig.outputs` entries with one name would be one CloudFormation Output: refuse. */
export function checkStackOutputNames(config: StackConfig, source: YamlSource): NxstackError[] {
  const seen = new Map<string, number>();
  const problems: NxstackError[] = [];
  (config.stackConfig?.outputs ?? []).forEach((o, i) => {
    const first = seen.get(o.name);
    if (first === undefined) {
      seen.set(o.name, i);
      return;
    }
    const firstAt = source.locate(['stackConfig', 'outputs', first, 'name']);
    problems.push(
      new NxstackError('NXS_OUTPUT_ID_DUPLICATE', `stack output '${o.name}' is declared twice`, {
        location: source.locate(['stackConfig', 'outputs', i, 'name']),
        hint: `First declared at line ${firstAt.line}; output names must be unique in a stack.`,
      }),
    );
  });
  return problems;
}
