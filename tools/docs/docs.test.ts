/**
 * The docs stay true: the generated reference pages equal what tools/docs/generate.mjs writes
 * from the schema and the executors' schema.json; every relative link of README.md and docs/
 * resolves; every yaml block parses, and those that are a stack.yml load through core's loader;
 * every `nx` command of a sh block is `npx nx` and names a target, option or generator that exists.
 */
import * as core from '@nxstack/core';
import { isNxstackError, parseStack } from '@nxstack/core';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { executorInfo, referenceDocs } from './reference-sources.mjs';
import { INFERRED_TARGETS } from './render-reference.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

function markdownFiles(): string[] {
  const out = ['README.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = path.posix.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  return out;
}

interface Block {
  readonly file: string;
  readonly lang: string;
  readonly text: string;
}

function codeBlocks(file: string): Block[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^( *)```(\w*)[^\n]*\n([\s\S]*?)^\1```/gm)].map((m) => ({
    file,
    lang: m[2],
    text: m[3].split('\n').map((l) => l.slice(m[1].length)).join('\n'),
  }));
}

const kebabToCamel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** Options `nx run` / `nx affected` take for themselves, not for the executor. */
const NX_OPTIONS = new Set(['skipNxCache', 'skipRemoteCache', 'verbose', 'configuration', 'excludeTaskDependencies', 'outputStyle', 'parallel', 'base', 'head', 'projects', 'json']);

function targetOf(name: string): (typeof INFERRED_TARGETS)[number] | undefined {
  return INFERRED_TARGETS.find((t) => new RegExp(`^${t.target.replace(/<(resource|script)>/, '[A-Za-z][A-Za-z0-9]*')}$`).test(name));
}

function executorOptions(target: (typeof INFERRED_TARGETS)[number]): Set<string> {
  return new Set(target.executors.flatMap((e) => Object.keys((executorInfo(ROOT, e).schema as { properties: object }).properties)));
}

const generators = JSON.parse(readFileSync(path.join(ROOT, 'packages/plugin/generators.json'), 'utf8')).generators as Record<string, { schema: string }>;
function generatorOptions(name: string): Set<string> {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'packages/plugin', generators[name].schema.replace('./dist/', 'src/')), 'utf8')) as { properties: object };
  return new Set(Object.keys(schema.properties));
}

/** Problems of one `nx ...` command (tokens after `nx`). */
function commandProblems(tokens: string[]): string[] {
  const [sub, ...rest] = tokens;
  const options = rest.filter((t) => t.startsWith('--')).map((t) => kebabToCamel(t.slice(2).split('=')[0]));
  const problems: string[] = [];
  const checkOptions = (allowed: Set<string>, what: string) => {
    for (const o of options) if (!allowed.has(o) && !NX_OPTIONS.has(o)) problems.push(`--${o} is not an option of ${what}`);
  };
  if (sub === 'run') {
    const target = targetOf(rest[0]?.split(':')[1] ?? '');
    if (!target) return [`${rest[0]} is not a target the plugin infers`];
    checkOptions(executorOptions(target), target.target);
  } else if (sub === 'g' || sub === 'generate') {
    const m = /^@nxstack\/plugin:(\w+)$/.exec(rest[0] ?? '');
    if (!m || !generators[m[1]]) return [`${rest[0]} is not a generator of @nxstack/plugin`];
    checkOptions(generatorOptions(m[1]), rest[0]);
  } else if (sub === 'affected' || sub === 'run-many') {
    const t = rest.indexOf('-t');
    const names = rest.slice(t + 1).filter((x, i, all) => !x.startsWith('-') && all.slice(0, i).every((y) => !y.startsWith('-')));
    if (t < 0 || names.length === 0) return ['no -t <targets>'];
    const targets = names.map(targetOf);
    if (targets.some((x) => !x)) return [`${names.join(' ')}: not all are targets the plugin infers`];
    checkOptions(new Set(targets.flatMap((x) => [...executorOptions(x!)])), names.join(' '));
  } else if (sub === 'add') {
    if (rest[0] !== '@nxstack/plugin') problems.push(`nx add ${rest[0]}`);
  } else if (sub !== 'show' && sub !== 'reset') {
    problems.push(`unexpected nx command ${sub}`);
  }
  return problems;
}

describe('docs', () => {
  it('the generated reference pages are up to date (node tools/docs/generate.mjs)', () => {
    const docs = referenceDocs(ROOT, core) as Record<string, string>;
    for (const [file, text] of Object.entries(docs)) expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run node tools/build.mjs && node tools/docs/generate.mjs`).toBe(text);
    const pages = readdirSync(path.join(ROOT, 'docs/targets')).map((f) => `docs/targets/${f}`);
    expect(pages.sort()).toEqual(Object.keys(docs).filter((f) => f.startsWith('docs/targets/')).sort());
  });

  it('documents every executor the plugin infers a target with', () => {
    const sources = ['stack-targets.ts', 'resource-packaging.ts', 'hosting-targets.ts'].map((f) => readFileSync(path.join(ROOT, 'packages/plugin/src/lib', f), 'utf8')).join('\n');
    const used = new Set([...sources.matchAll(/'(@nxstack\/[\w-]+:[\w-]+)'/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(5);
    const documented = new Set(INFERRED_TARGETS.flatMap((t) => t.executors));
    for (const e of used) expect(documented.has(e), e).toBe(true);
  });

  it('the reference covers every resource type and directive', () => {
    const text = readFileSync(path.join(ROOT, 'docs/stack-reference.md'), 'utf8');
    for (const t of core.RESOURCE_TYPES) expect(text).toContain(`### ${t}\n`);
    for (const d of core.DIRECTIVE_NAMES) expect(text).toContain(`$${d}(`);
  });

  it.each(markdownFiles())('%s: relative links resolve', (file) => {
    // Markdown makes no links inside code, so a pattern like `[a-z]([a-z])?` is not one.
    const text = readFileSync(path.join(ROOT, file), 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (!target || /^[a-z]+:/.test(target)) continue;
      expect(existsSync(path.join(ROOT, path.dirname(file), target)), `${file} links to ${m[1]}`).toBe(true);
    }
  });

  it.each(markdownFiles())('%s: yaml blocks parse, stack.yml blocks load through the loader', (file) => {
    for (const block of codeBlocks(file).filter((b) => b.lang === 'yaml' || b.lang === 'yml')) {
      const parsed = parseAllDocuments(block.text);
      const docs = Array.isArray(parsed) ? parsed : [];
      for (const d of docs) if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('\n')}\n${block.text}`);
      const first = docs[0]?.toJS() as Record<string, unknown> | null | undefined;
      if (!first || typeof first !== 'object' || !('resources' in first)) continue;
      try {
        parseStack(block.text, 'stack.yml', { workspaceRoot: ROOT, checkPaths: false });
      } catch (e) {
        const detail = isNxstackError(e) ? e.format() : String((e as { errors?: unknown[] }).errors?.map((x) => (isNxstackError(x) ? x.format() : String(x))).join('\n') ?? e);
        throw new Error(`${file}: a stack.yml block does not load:\n${detail}\n${block.text}`);
      }
    }
  });

  it.each(markdownFiles())('%s: sh blocks run nx through npx and name existing targets, options and generators', (file) => {
    const problems: string[] = [];
    for (const block of codeBlocks(file).filter((b) => b.lang === 'sh' || b.lang === 'bash')) {
      for (const raw of block.text.split('\n')) {
        const line = raw.replace(/\s#.*$/, '').replace(/^#.*$/, '');
        for (const m of line.matchAll(/(?:^|(\S+)\s+)nx(?:@[\d.]+)?\s+([^|;&]*)/g)) {
          if (m[1] !== 'npx') problems.push(`${raw.trim()}: nx without npx`);
          problems.push(...commandProblems(m[2].trim().split(/\s+/)).map((p) => `${raw.trim()}: ${p}`));
        }
      }
    }
    expect(problems, file).toEqual([]);
  });
});
