import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStack } from './load-stack';
import type { StackValues } from './resolve-local-directives';
import { StackLoadError } from './stack-load-error';
import { buildpackFunctionYaml } from './__fixtures__/stack-yaml';

let ws: string;
const DEV: StackValues = { stage: 'dev', region: 'eu-west-1', cliArgs: { stage: 'dev', size: 256 } };

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'nxs-local-'));
  mkdirSync(join(ws, 'apps/api/src'), { recursive: true });
  mkdirSync(join(ws, 'shared'), { recursive: true });
  writeFileSync(join(ws, 'apps/api/src/h.ts'), 'export const handler = async () => 1;\n');
  writeFileSync(join(ws, 'apps/api/config.json'), JSON.stringify({ memory: 512, db: { port: 5432 }, names: ['a', 'b'] }));
  writeFileSync(join(ws, 'apps/api/.env'), 'API_KEY=abc\n# comment\nQUOTED="x\\ny"\n');
  writeFileSync(join(ws, 'apps/api/limits.yml'), 'timeout: 20\n');
  writeFileSync(join(ws, 'apps/api/app.ini'), '; c\nname = api\n[db]\nssl = true\n');
  writeFileSync(join(ws, 'apps/api/broken.json'), '{ nope');
  writeFileSync(join(ws, 'apps/api/notes.txt'), 'x');
  writeFileSync(join(ws, 'shared/common.json'), JSON.stringify({ prefix: 'acme' }));
});

const fn = (props: string) => `\n${buildpackFunctionYaml('fn', 'src/h.ts', [props]).slice(0, -1)}`;

function load(yaml: string, values: StackValues = DEV) {
  return parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values });
}

function problems(yaml: string, values: StackValues = DEV) {
  try {
    load(yaml, values);
  } catch (e) {
    expect(e).toBeInstanceOf(StackLoadError);
    return (e as StackLoadError).problems.map((p) => ({ code: p.code, line: p.location?.line, column: p.location?.column, message: p.message, hint: p.hint ?? '' }));
  }
  throw new Error('expected the stack to be refused');
}

describe('local directives resolve when stack.yml is loaded', () => {
  it('$Stage(), $Region() and $CliArgs() take the command values, in text too', () => {
    const s = load(`resources:
  table:
    type: dynamo-db-table
    properties:
      primaryKey: { partitionKey: { name: id, type: string } }
${fn(`      environment:
        - { name: STAGE, value: $Stage() }
        - { name: WHERE, value: "orders-$Stage()-$Region()" }
        - { name: SIZE, value: "$CliArgs('size')" }
        - { name: DEFAULTED, value: "$CliArgs('missing', 'fallback')" }
      memory: $CliArgs('size')`)}`);
    const props = (s.config.resources.fn as { properties: { environment: Array<{ value: unknown }>; memory: number } }).properties;
    expect(props.environment.map((e) => e.value)).toEqual(['dev', 'orders-dev-eu-west-1', 256, 'fallback']);
    expect(props.memory).toBe(256);
    expect(s.localDirectives.resources.fn).toEqual({ files: [], stage: true, region: true, cliArgs: true, cliArgNames: ['missing', 'size'] });
    expect(s.localDirectives.resources.table).toEqual({ files: [], stage: false, region: false, cliArgs: false, cliArgNames: [] });
  });

  it('$File() parses .json, .env, .yml and .ini, with property paths, as typed values', () => {
    const s = load(`resources:
${fn(`      memory: $File('config.json').memory
      timeout: $File('limits.yml').timeout
      environment:
        - { name: PORT, value: "$File('config.json').db.port" }
        - { name: SECOND, value: "$File('config.json').names.1" }
        - { name: KEY, value: "$File('.env').API_KEY" }
        - { name: QUOTED, value: "$File('.env').QUOTED" }
        - { name: INI, value: "$File('app.ini').name-$File('app.ini').db.ssl" }
        - { name: SHARED, value: "$File('../../shared/common.json').prefix" }`)}`);
    const props = (s.config.resources.fn as { properties: { memory: number; timeout: number; environment: Array<{ value: unknown }> } }).properties;
    expect(props.memory).toBe(512);
    expect(props.timeout).toBe(20);
    expect(props.environment.map((e) => e.value)).toEqual([5432, 'b', 'abc', 'x\ny', 'api-true', 'acme']);
    expect(s.localDirectives.resources.fn.files).toEqual(['apps/api/.env', 'apps/api/app.ini', 'apps/api/config.json', 'apps/api/limits.yml', 'shared/common.json']);
    expect(s.localDirectives.resources.fn.stage).toBe(false);
  });

  it("environment: $File('.env') becomes the {name, value} list", () => {
    const s = load(`resources:
${fn(`      environment: $File('.env')`)}`);
    expect((s.config.resources.fn as { properties: { environment: unknown } }).properties.environment).toEqual([
      { name: 'API_KEY', value: 'abc' },
      { name: 'QUOTED', value: 'x\ny' },
    ]);
  });

  it('$Format() fills {} in order and nests other local directives', () => {
    const s = load(`resources:
${fn(`      environment:
        - { name: A, value: "$Format('{}-{}', $Stage(), 'x')" }
        - { name: B, value: "$Format('{}/{}/{}', $File('config.json').db.port, 7, true)" }
        - { name: C, value: "$Format('no placeholders')" }
        - { name: D, value: "$Format('{stage()}-{}', 'x')" }`)}`);
    // As Stacktape: only `{}` is a placeholder; `{stage()}` is text like any other.
    expect((s.config.resources.fn as { properties: { environment: Array<{ value: unknown }> } }).properties.environment.map((e) => e.value)).toEqual(['dev-x', '5432/7/true', 'no placeholders', '{stage()}-x']);
  });

  it("$Var('name') and $Var().name read the variables section, variables using directives and other variables", () => {
    const s = load(`variables:
  prefix: $Format('{}-', $Stage())
  table: "$Var('prefix')orders"
  sizes: { small: 128 }
  conf: $File('config.json')
resources:
${fn(`      memory: $Var().conf.memory
      timeout: $Var('sizes.small')
      environment:
        - { name: TABLE, value: $Var('table') }
        - { name: SMALL, value: "$Var().sizes.small" }`)}`);
    const props = (s.config.resources.fn as { properties: { memory: number; timeout: number; environment: Array<{ value: unknown }> } }).properties;
    expect(props.environment.map((e) => e.value)).toEqual(['dev-orders', 128]);
    expect(props.memory).toBe(512);
    expect(props.timeout).toBe(128);
    expect(s.config.variables).toMatchObject({ prefix: 'dev-', table: 'dev-orders' });
    // The resource depends on the stage through $Var('table') → $Var('prefix') → $Stage().
    expect(s.localDirectives.resources.fn).toEqual({ files: ['apps/api/config.json'], stage: true, region: false, cliArgs: false, cliArgNames: [] });
  });

  it('a resolved value is validated by the schema at the directive', () => {
    writeFileSync(join(ws, 'apps/api/bad-memory.json'), JSON.stringify({ memory: 'lots' }));
    const [p] = problems(`resources:
${fn(`      memory: $File('bad-memory.json').memory`)}`);
    expect(p).toMatchObject({ code: 'NXS_INVALID_TYPE', line: 10, column: 15 });
    expect(p.message).toContain('"lots"');
  });

  it('runtime directives keep working beside local ones', () => {
    const s = load(`resources:
  files:
    type: bucket
${fn(`      environment:
        - { name: B, value: "$Stage()-$ResourceParam('files', 'name')" }`)}`);
    const env = (s.config.resources.fn as { properties: { environment: Array<{ value: unknown }> } }).properties.environment;
    expect(env[0].value).toEqual({ $directive: 'Join', parts: ['dev-', { $directive: 'ResourceParam', resource: 'files', param: 'name' }] });
  });
});

describe('every misuse of a local directive is a located error', () => {
  // yaml line 10 is `      memory: <value>` (column 15 is the value).
  const at = (value: string) => `resources:\n${fn(`      memory: ${value}`)}`;
  // what | stack.yml value | code | column | hint (a table: one misuse per line)
  const cases = `
unknown directive                    | $Stag()                                 | NXS_UNKNOWN_DIRECTIVE          | 15 | Did you mean 'Stage'?
wrong arity                          | $Stage('dev')                           | NXS_DIRECTIVE_SYNTAX           | 15 | $Stage()
$File without a path                 | $File()                                 | NXS_DIRECTIVE_SYNTAX           | 15 | $File('<path>')
unquoted $File path                  | $File(config.json)                      | NXS_DIRECTIVE_SYNTAX           | 15 | quoted
$Format placeholders vs values       | $Format('{}-{}', 'a')                   | NXS_DIRECTIVE_SYNTAX           | 15 | $Format
missing file                         | $File('nope.json').memory               | NXS_PATH_NOT_FOUND             | 15 | relative to the folder holding stack.yml
file outside the workspace           | $File('../../../etc.json').x            | NXS_PATH_OUTSIDE_WORKSPACE     | 15 |
unsupported file type                | $File('notes.txt')                      | NXS_DIRECTIVE_FILE_UNSUPPORTED | 15 | .env, JSON, YAML and INI
unparsable file                      | $File('broken.json').memory             | NXS_DIRECTIVE_FILE_INVALID     | 15 | broken.json
missing key                          | $File('config.json').memry              | NXS_DIRECTIVE_PROPERTY_MISSING | 15 | Did you mean 'memory'?
unknown variable                     | $Var('nope')                            | NXS_VARIABLE_UNKNOWN           | 15 | 'variables'
missing command-line argument        | $CliArgs('mem')                         | NXS_CLI_ARG_MISSING            | 15 | --mem=
runtime directive inside a local one | $Format('{}', $ResourceParam('a', 'b')) | NXS_DIRECTIVE_SYNTAX           | 29 | in the text
`
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s*\|\s*/))
    .map(([what, value, code, column, hint]) => [what, value, code, Number(column), hint ?? ''] as const);
  it.each(cases)('%s', (_what, value, code, column, hint) => {
    const p = problems(at(value)).find((x) => x.code === code);
    expect(p).toMatchObject({ code, line: 10, column });
    expect(p?.hint).toContain(hint);
  });

  it('a nested directive is located at its own $', () => {
    const [p] = problems(at("\"$Format('{}', $File('nope.json').x)\""));
    expect(p).toMatchObject({ code: 'NXS_PATH_NOT_FOUND', line: 10, column: 30 });
  });

  it('$Region() without a configured region', () => {
    const [p] = problems(at('$Region()'), { stage: 'dev', cliArgs: {} });
    expect(p).toMatchObject({ code: 'NXS_REGION_MISSING', line: 10, column: 15 });
  });

  it('a cycle between variables is reported once, at the directive that closes it', () => {
    const ps = problems(`variables:
  a: "$Var('b')-x"
  b: "$Var('a')-y"
resources:
${fn(`      environment:
        - { name: A, value: $Var('a') }`)}`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'NXS_VARIABLE_CYCLE', line: 3 });
    expect(ps[0].message).toContain('a → b → a');
  });

  it('a property on a text value points to $Format; inside text, .x after a text value is text', () => {
    const [p] = problems(at('$Stage().x'));
    expect(p).toMatchObject({ code: 'NXS_DIRECTIVE_PROPERTY_MISSING', line: 10, column: 15 });
    expect(p.hint).toContain('$Format');
    const s = load(`resources:\n${fn(`      environment:\n        - { name: D, value: "api.$Stage().example.com/$File('config.json').db.port" }`)}`);
    expect((s.config.resources.fn as { properties: { environment: Array<{ value: unknown }> } }).properties.environment[0].value).toBe('api.dev.example.com/5432');
  });
});

describe('artifacts never depend on the stage', () => {
  it('$Stage() in packaging (directly or through a variable) is refused at the place that uses it', () => {
    const direct = problems(`resources:
${buildpackFunctionYaml('fn', '"src/$Stage().ts"').slice(0, -1)}`);
    expect(direct[0]).toMatchObject({ code: 'NXS_PACKAGING_STAGE_DEPENDENT', line: 8, column: 31 });
    const viaVar = problems(`variables:
  entry: "src/$Stage().ts"
resources:
${buildpackFunctionYaml('fn', "$Var('entry')", ['      runtime: nodejs22.x']).slice(0, -1)}`);
    expect(viaVar[0]).toMatchObject({ code: 'NXS_PACKAGING_STAGE_DEPENDENT', line: 10, column: 26 });
    expect(viaVar[0].message).toContain("$Var('entry') ($Stage())");
  });

  it('$File and $Var of fixed values work in packaging', () => {
    writeFileSync(join(ws, 'apps/api/build.json'), JSON.stringify({ entry: 'src/h.ts' }));
    const s = load(`variables:
  entry: $File('build.json').entry
resources:
${buildpackFunctionYaml('fn', "$Var('entry')").slice(0, -1)}`);
    expect((s.config.resources.fn as { properties: { packaging: { properties: { entryfilePath: string } } } }).properties.packaging.properties.entryfilePath).toBe('src/h.ts');
    expect(s.localDirectives.resources.fn.files).toEqual(['apps/api/build.json']);
  });

  it('a package task reading one resource is not stopped by an argument another resource needs', () => {
    const yaml = `resources:
${fn('      memory: 256')}
${buildpackFunctionYaml('other', 'src/h.ts', ["      memory: $CliArgs('mem')"]).slice(0, -1)}`;
    const s = parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values: { stage: 'dev', cliArgs: {} }, packagingOf: 'fn' });
    expect(Object.keys(s.config.resources)).toEqual(['fn']);
    let err: unknown;
    try {
      parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values: { stage: 'dev', cliArgs: {} }, packagingOf: 'other' });
    } catch (e) {
      err = e;
    }
    expect((err as StackLoadError).problems[0]).toMatchObject({ code: 'NXS_CLI_ARG_MISSING', location: { line: 18 } });
  });

  it('one load for several packaged resources: each named one is checked, the others left out as for one', () => {
    const yaml = `resources:
${fn('      memory: 256')}
${buildpackFunctionYaml('other', 'src/h.ts', ["      memory: $CliArgs('mem')"]).slice(0, -1)}
${buildpackFunctionYaml('third', 'src/h.ts').slice(0, -1)}`;
    const values = { stage: 'dev', cliArgs: {} };
    const both = parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values, packagingOf: ['fn', 'third'] });
    expect(Object.keys(both.config.resources)).toEqual(['fn', 'third']);
    expect(both.config).toEqual(parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values, packagingOf: 'fn' }).config);
    let err: unknown;
    try {
      parseStack(yaml, 'apps/api/stack.yml', { workspaceRoot: ws, values, packagingOf: ['fn', 'other'] });
    } catch (e) {
      err = e;
    }
    expect((err as StackLoadError).problems[0]).toMatchObject({ code: 'NXS_CLI_ARG_MISSING', location: { line: 18 } });
  });
});
