import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '../errors';
import { loadStack } from './load-stack';
import { StackLoadError } from './stack-load-error';

const dir = join(__dirname, '__fixtures__', 'bad');

async function problemsOf(fixture: string) {
  const error = await loadStack(fixture, { workspaceRoot: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackLoadError);
  expect(isNxstackError(error)).toBe(true);
  return (error as StackLoadError).problems;
}

// fixture, code, line, column, a fragment the message must contain, a fragment the hint must contain
const cases: Array<[string, string, number, number, string, string]> = [
  ['yaml-syntax.yml', 'NXS_YAML_SYNTAX', 5, 1, 'YAML syntax error', 'YAML syntax'],
  ['duplicate-resource.yml', 'NXS_DUPLICATE_RESOURCE_NAME', 4, 3, "resource 'uploads' is defined twice", 'line 2'],
  ['duplicate-key.yml', 'NXS_DUPLICATE_KEY', 6, 7, "duplicate key 'versioning'", 'line 5'],
  ['unknown-resource-type.yml', 'NXS_UNKNOWN_RESOURCE_TYPE', 3, 11, "'fucntion'", "Did you mean 'function'?"],
  ['unknown-packaging-type.yml', 'NXS_UNKNOWN_PACKAGING_TYPE', 6, 15, "'stacktape-lambda-buildpak'", "Did you mean 'stacktape-lambda-buildpack'?"],
  ['missing-property.yml', 'NXS_MISSING_PROPERTY', 8, 11, "missing required property 'entryfilePath'", "Add 'entryfilePath'"],
  ['missing-resources.yml', 'NXS_MISSING_PROPERTY', 1, 1, "missing required property 'resources'", "Add 'resources'"],
  ['unknown-property.yml', 'NXS_UNKNOWN_PROPERTY', 9, 7, "unknown property 'timout'", "Did you mean 'timeout'?"],
  ['wrong-type.yml', 'NXS_INVALID_TYPE', 9, 15, 'expected a number, got a string ("lots")', 'a number'],
  ['directive-not-allowed.yml', 'NXS_INVALID_TYPE', 8, 26, "got the directive $ResourceParam('uploads', 'name')", 'Directives are not allowed'],
  ['wrong-union-type.yml', 'NXS_INVALID_TYPE', 11, 21, 'got a number (42)', 'Expected a string or a list.'],
  ['out-of-range.yml', 'NXS_INVALID_VALUE', 9, 15, 'must be at least 128', 'at least 128'],
  ['not-a-mapping.yml', 'NXS_INVALID_TYPE', 1, 1, 'must be a mapping', 'resources:'],
  ['invalid-enum.yml', 'NXS_INVALID_VALUE', 5, 21, '"arm"', "Did you mean 'arm64'?"],
  ['invalid-resource-name.yml', 'NXS_INVALID_RESOURCE_NAME', 2, 3, "'my-uploads'", "'myUploads'"],
  ['missing-entry-file.yml', 'NXS_PATH_NOT_FOUND', 8, 26, "entryfilePath 'src/missing.ts' does not exist", 'relative to the folder holding stack.yml'],
  ['missing-package-path.yml', 'NXS_PATH_NOT_FOUND', 8, 24, "packagePath 'build/nothing-here' does not exist", dir],
  ['unknown-resource-reference.yml', 'NXS_UNKNOWN_RESOURCE_REFERENCE', 11, 18, "'uplods'", "Did you mean 'uploads'?"],
  ['unknown-resource-param.yml', 'NXS_UNKNOWN_RESOURCE_PARAM', 11, 18, "no param 'url'", 'Params of bucket: name, arn'],
  ['secret-in-parameters.yml', 'NXS_SECRET_IN_PARAMETERS', 13, 19, "$Secret('db-password')", "through 'environment'"],
  ['directive-syntax.yml', 'NXS_DIRECTIVE_SYNTAX', 11, 18, 'malformed directive: $ResourceParam', "$ResourceParam('<resource>', '<param>')"],
  ['unknown-directive.yml', 'NXS_UNKNOWN_DIRECTIVE', 11, 18, "'$GitInfo'", 'Supported directives'],
  ['language-config.yml', 'NXS_UNKNOWN_PROPERTY', 10, 13, 'packageManager does not apply to node', 'outputModuleFormat'],
  ['log-retention.yml', 'NXS_INVALID_VALUE', 14, 24, 'invalid value 42', 'Allowed values: 1, 3, 5, 7, 14, 30'],
  ['unknown-connect-to.yml', 'NXS_UNKNOWN_CONNECT_TO_TARGET', 12, 11, "'upload'", "Did you mean 'uploads'?"],
];

describe('loadStack reports each kind of bad input at its YAML node', () => {
  it.each(cases)('%s → %s at %i:%i', async (fixture, code, line, column, message, hint) => {
    const [first] = await problemsOf(fixture);
    expect(first.code).toBe(code);
    expect(first.location).toEqual({ file: fixture, line, column });
    expect(first.message).toContain(message);
    expect(first.hint).toContain(hint);
  });

  it('points a malformed directive inside a longer string at its own column', async () => {
    const problems = await problemsOf('directive-syntax.yml');
    expect(problems.map((p) => [p.code, p.location?.line, p.location?.column])).toEqual([
      ['NXS_DIRECTIVE_SYNTAX', 11, 18],
      ['NXS_DIRECTIVE_SYNTAX', 13, 27],
    ]);
  });

  it('collects every problem, each with its own location, sorted by position', async () => {
    const problems = await problemsOf('many-problems.yml');
    expect(problems.map((p) => [p.code, p.location?.line, p.location?.column])).toEqual([
      ['NXS_MISSING_PROPERTY', 7, 21],
      ['NXS_UNKNOWN_PROPERTY', 8, 7],
      ['NXS_UNKNOWN_RESOURCE_TYPE', 10, 11],
    ]);
    for (const p of problems) expect(p.hint).toBeTruthy();
  });

  it('the thrown error reads like its first problem and formats all of them', async () => {
    const error = await loadError('many-problems.yml', { workspaceRoot: dir });
    expect(error.code).toBe('NXS_MISSING_PROPERTY');
    expect(error.message).toContain('(and 2 more problems)');
    expect(error.format()).toContain('many-problems.yml:10:11');
    expect(error.format()).toContain("hint: Did you mean 'memory'?");
  });

  it('reports a stack.yml that cannot be read', async () => {
    const error = await loadError('does-not-exist.yml', { workspaceRoot: dir });
    expect(error.code).toBe('NXS_STACK_NOT_FOUND');
    expect(error.location).toEqual({ file: 'does-not-exist.yml' });
    expect(error.hint).toBeTruthy();
  });

  it('skips the file-exists check when asked (graph-time callers)', async () => {
    const stack = await loadStack('missing-package-path.yml', { workspaceRoot: dir, checkPaths: false });
    expect(stack.config.resources.fn.type).toBe('function');
  });
});

/** The StackLoadError loadStack rejects with (fails the test when it loads). */
async function loadError(file: string, opts: Parameters<typeof loadStack>[1]): Promise<StackLoadError> {
  const result = await loadStack(file, opts).then(
    () => undefined,
    (e: unknown) => e as StackLoadError,
  );
  if (!result) throw new Error(`${file} loaded but should have failed`);
  return result;
}
