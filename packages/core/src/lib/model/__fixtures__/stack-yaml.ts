/**
 * A `function` resource with a stacktape-lambda-buildpack entry as stack.yml text under
 * `resources:`; `extra` lines (already indented) are appended to its properties.
 */
export function buildpackFunctionYaml(name: string, entryfilePath: string, extra: readonly string[] = []): string {
  return [`  ${name}:`, '    type: function', '    properties:', '      packaging:', '        type: stacktape-lambda-buildpack', '        properties:', `          entryfilePath: ${entryfilePath}`, ...extra, ''].join('\n');
}
