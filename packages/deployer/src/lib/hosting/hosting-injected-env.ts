import { HOSTING_INJECTED_ENV_OUTPUT_SUFFIX, logicalId, NxstackError, type HostingBucketProperties, type LoadedStack } from '@nxstack/core';

/**
 * A hosting-bucket's `injectEnvironment` with the values the stage resolved (stack Outputs
 * `<Name>InjectedEnv<i>`); undefined when it has none. Deploy's upload writes them into the HTML
 * files, writeDotenvFilesTo into `.env.<stage>`, dev--<resource> into `.env.local`.
 */
export function injectedEnvironment(
  stack: LoadedStack,
  name: string,
  props: Pick<HostingBucketProperties, 'injectEnvironment'>,
  outputs: Readonly<Record<string, string>>,
  missing: { code: 'NXS_HOSTING_UPLOAD_FAILED' | 'NXS_STAGE_NOT_DEPLOYED'; hint: string },
): Record<string, string> | undefined {
  const vars = props.injectEnvironment ?? [];
  if (!vars.length) return undefined;
  return Object.fromEntries(vars.map((v, i) => {
    const id = logicalId(name, `${HOSTING_INJECTED_ENV_OUTPUT_SUFFIX}${i}`);
    const value = outputs[id];
    if (value === undefined) {
      throw new NxstackError(missing.code, `injectEnvironment ${v.name} of '${name}' has no deployed value (stack output ${id} is missing).`, {
        location: stack.locate(['resources', name, 'properties', 'injectEnvironment', i]),
        hint: missing.hint,
      });
    }
    return [v.name, value];
  }));
}
