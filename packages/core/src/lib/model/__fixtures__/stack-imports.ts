/**
 * stack.yml texts for the `$CfStackOutput` tests of core, the compiler and the plugin: one
 * custom-artifact function `fn` (its first environment value sits at line 13, column 18).
 */
export const functionStack = (extra = ''): string => `resources:
  fn:
    type: function
    properties:
      packaging:
        type: custom-artifact
        properties:
          packagePath: src
          handler: index.handler
      runtime: nodejs22.x
${extra}`;

/** `functionStack` whose `fn` has one environment variable per value (V0, V1, …), then `extra`. */
export const importingStack = (values: readonly string[], extra = ''): string =>
  functionStack(`      environment:\n${values.map((v, i) => `        - name: V${i}\n          value: ${v}\n`).join('')}${extra}`);
