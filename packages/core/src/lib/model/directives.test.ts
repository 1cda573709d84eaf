import { describe, expect, it } from 'vitest';
import { parseDirectiveString } from './directive-parser';
import { formatDirective, isDirective, walkDirectives, type Directive } from './directives';

const value = (text: string) => {
  const r = parseDirectiveString(text);
  if (r.problem) throw new Error(`unexpected problem: ${r.problem.message}`);
  return r.value;
};
const problem = (text: string) => {
  const r = parseDirectiveString(text);
  if (!r.problem) throw new Error(`expected a problem for ${text}`);
  return r.problem;
};

describe('parseDirectiveString', () => {
  it('parses each directive with single or double quotes and loose whitespace', () => {
    expect(value("$ResourceParam('db', 'arn')")).toEqual({ $directive: 'ResourceParam', resource: 'db', param: 'arn' });
    expect(value('$ResourceParam( "db" ,"arn" )')).toEqual({ $directive: 'ResourceParam', resource: 'db', param: 'arn' });
    expect(value("$ResourceParam ('db',\n  'arn')")).toEqual({ $directive: 'ResourceParam', resource: 'db', param: 'arn' });
    expect(value("$CfResourceParam('MyQueue', 'Arn')")).toEqual({ $directive: 'CfResourceParam', logicalId: 'MyQueue', attribute: 'Arn' });
    expect(value('$Secret("stripe-key")')).toEqual({ $directive: 'Secret', name: 'stripe-key' });
    expect(value("$Secret('it\\'s')")).toEqual({ $directive: 'Secret', name: "it's" });
  });

  it('turns text around directives into a Join, keeping order', () => {
    expect(value("https://$ResourceParam('api', 'name').example.com/$Secret('path')")).toEqual({
      $directive: 'Join',
      parts: ['https://', { $directive: 'ResourceParam', resource: 'api', param: 'name' }, '.example.com/', { $directive: 'Secret', name: 'path' }],
    });
    expect(value("$ResourceParam('a','arn')$ResourceParam('b','arn')")).toEqual({
      $directive: 'Join',
      parts: [
        { $directive: 'ResourceParam', resource: 'a', param: 'arn' },
        { $directive: 'ResourceParam', resource: 'b', param: 'arn' },
      ],
    });
  });

  it('leaves strings without directives alone, including ordinary dollar signs', () => {
    for (const s of ['orders', 'costs $5', 'echo $HOME', '${AWS::Region}', '$lowercase(x)', '$']) expect(value(s)).toBe(s);
  });

  it.each([
    ['$ResourceParam(db)', 'unquoted argument'],
    ["$ResourceParam('db')", 'takes 2 argument(s), got 1'],
    ["$ResourceParam('db', 'arn', 'x')", 'takes 2 argument(s), got 3'],
    ["$ResourceParam('db', 'arn'", 'is not closed'],
    ["$ResourceParam('db, 'arn')", "expects ',' or ')'"],
    ["$Secret('unterminated)", 'unterminated'],
    ["$Secret('')", 'empty name'],
    ["$Secret('a' 'b')", "expects ',' or ')'"],
    ['prefix $Secret', 'missing its argument list'],
  ])('%s is NXS_DIRECTIVE_SYNTAX (%s)', (text, what) => {
    const p = problem(text);
    expect(p.code).toBe('NXS_DIRECTIVE_SYNTAX');
    expect(p.message).toContain(what);
    expect(p.hint).toMatch(/\$(ResourceParam|Secret)\('</);
    expect(p.offset).toBe(text.indexOf('$'));
  });

  it('reports unknown directive names with a suggestion', () => {
    const p = problem("$ResourceParams('a', 'b')");
    expect(p.code).toBe('NXS_UNKNOWN_DIRECTIVE');
    expect(p.hint).toContain("Did you mean 'ResourceParam'?");
  });
});

describe('directive helpers', () => {
  it('isDirective recognises parsed directives only', () => {
    expect(isDirective({ $directive: 'Secret', name: 'x' })).toBe(true);
    expect(isDirective({ $directive: 'Join', parts: [] })).toBe(true);
    expect(isDirective({ $directive: 'Nope' })).toBe(false);
    expect(isDirective("$Secret('x')")).toBe(false);
    expect(isDirective(null)).toBe(false);
  });

  it('walkDirectives visits every directive, inside Joins too, with its path', () => {
    const seen: Array<[Directive['$directive'], (string | number)[]]> = [];
    walkDirectives(
      {
        env: [{ name: 'A', value: value("$Secret('a')") }],
        url: value("https://$ResourceParam('api', 'name')/$CfResourceParam('Q', 'Arn')"),
        plain: 'x',
      },
      (d, path) => seen.push([d.$directive, path]),
    );
    expect(seen).toEqual([
      ['Secret', ['env', 0, 'value']],
      ['ResourceParam', ['url']],
      ['CfResourceParam', ['url']],
    ]);
  });

  it('formatDirective writes a directive back as stack.yml text', () => {
    const text = "x-$ResourceParam('api', 'name')-$Secret('s')";
    const parsed = value(text);
    if (typeof parsed === 'string') throw new Error('expected a directive');
    expect(formatDirective(parsed)).toBe(text);
    expect(value(formatDirective(parsed))).toEqual(parsed);
  });
});
