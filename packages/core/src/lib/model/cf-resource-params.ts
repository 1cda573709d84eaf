import { NxstackError } from '../errors';
import { cfnAttributes } from './cfn-attributes';
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
 * this with its template's resources (logical id → CloudFormation type) and gets, with the
 * stack.yml location, NXS_UNKNOWN_CF_RESOURCE for an id the template lacks and
 * NXS_UNKNOWN_CF_ATTRIBUTE for an attribute the type does not return (CloudFormation would
 * only refuse it mid-deploy).
 */
export function checkCfResourceParams(stack: LoadedStack, templateTypes: Readonly<Record<string, string>>): void {
  const types: Record<string, string> = { ...templateTypes };
  for (const [id, r] of Object.entries(stack.config.cloudformationResources ?? {})) types[id] ??= r.Type;
  const known = Object.keys(types).sort();
  const problems: NxstackError[] = [];
  for (const { directive: d, path } of listCfResourceParams(stack)) {
    const type = types[d.logicalId];
    if (type === undefined) {
      problems.push(
        new NxstackError('NXS_UNKNOWN_CF_RESOURCE', `$CfResourceParam names logical id '${d.logicalId}', which is not in the template`, {
          location: stack.locate(path),
          hint: `${didYouMeanText(d.logicalId, known)}Use a key of cloudformationResources or a logical id nxstack generates: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''} (all of them: \`nx run <project>:diff\`).`,
        }),
      );
      continue;
    }
    const attributes = cfnAttributes(type);
    if (!attributes || attributes.includes(d.attribute)) continue;
    problems.push(
      new NxstackError('NXS_UNKNOWN_CF_ATTRIBUTE', `$CfResourceParam('${d.logicalId}', '${d.attribute}'): ${type} has no attribute '${d.attribute}'`, {
        location: stack.locate(path),
        hint: `${attributeSuggestion(d.attribute, attributes)}Fn::GetAtt of ${type} returns: ${attributes.join(', ') || '(nothing; use its Ref)'}.`,
      }),
    );
  }
  if (problems.length) throw new StackLoadError(problems);
}

/** A typo, or the type-prefixed name of a generic one (`Arn` of an SNS topic is `TopicArn`). */
function attributeSuggestion(attribute: string, attributes: readonly string[]): string {
  const typo = didYouMeanText(attribute, attributes);
  if (typo) return typo;
  const prefixed = attributes.filter((a) => a.toLowerCase().endsWith(attribute.toLowerCase()));
  return prefixed.length === 1 ? `Did you mean '${prefixed[0]}'? ` : '';
}
