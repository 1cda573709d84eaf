import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { walkDirectives, type CfResourceParamDirective } from './directives';
import type { LoadedStack } from './load-stack';
import { StackLoadError } from './stack-load-error';
import type { ConfigPath } from './yaml-source';

export interface CfResourceParamRef {
  readonly directive: CfResourceParamDirective;
  /** Config path of the value holding the directive. */
  readonly path: ConfigPath;
}

/** Every `$CfResourceParam` in the stack, with where it is. */
export function listCfResourceParams(stack: Pick<LoadedStack, 'config'>): CfResourceParamRef[] {
  const refs: CfResourceParamRef[] = [];
  walkDirectives(stack.config, (d, path) => {
    if (d.$directive === 'CfResourceParam') refs.push({ directive: d, path });
  });
  return refs;
}

/**
 * `$CfResourceParam` may name a key of `cloudformationResources` or a logical id the compiler
 * generates, which the loader cannot know. So the loader does not check them; the compiler calls
 * this with its generated ids and gets NXS_UNKNOWN_CF_RESOURCE with the stack.yml location.
 */
export function checkCfResourceParams(stack: LoadedStack, generatedLogicalIds: Iterable<string>): void {
  const known = [...Object.keys(stack.config.cloudformationResources ?? {}), ...generatedLogicalIds];
  const problems = listCfResourceParams(stack)
    .filter((r) => !known.includes(r.directive.logicalId))
    .map(
      (r) =>
        new NxstackError('NXS_UNKNOWN_CF_RESOURCE', `$CfResourceParam names logical id '${r.directive.logicalId}', which is not in the template`, {
          location: stack.locate(r.path),
          hint: `${didYouMeanText(r.directive.logicalId, known)}Use a key of cloudformationResources or a logical id nxstack generates (see \`nx run <project>:diff\`).`,
        }),
    );
  if (problems.length) throw new StackLoadError(problems);
}
