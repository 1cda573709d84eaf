/**
 * No accepted property without a reader: every property name the stack.yml schema accepts must
 * be read somewhere outside the schema definitions (compiler, packagers, deployer, checks...):
 * as `.name`, `['name']`, a quoted key in a list of keys, or a destructured `{ name }`. A
 * property nothing reads would be accepted and ignored. The check is by name (a name read for
 * one resource type counts for all), so it catches properties no code mentions at all;
 * `KNOWN_UNREAD` lists the ones found unread when the test was written, and fails when one of
 * them gets a reader (take it off the list) or a new unread one appears.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { NOT_SUPPORTED_YET_SCHEMAS } from './not-supported-yet';
import { stackConfigSchema } from './stack-schema';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; getter?: () => z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Properties whose whole object goes into the template as written: nothing reads their keys one by one. */
const PASSED_THROUGH: Readonly<Record<string, string>> = {
  definition: "state-machine: the Amazon States Language definition, passed whole to AWS::StepFunctions::StateMachine's Definition",
};

/**
 * property name → one schema path that accepts it (for the failure message). Properties made by
 * notSupportedYet() go to `refused` (present = NXS_NOT_SUPPORTED_YET), and the keys inside a
 * PASSED_THROUGH property are not walked.
 */
function propertyNames(schema: z.ZodType, at: string, out: Map<string, string>, refused: Set<string>, seen = new Set<z.ZodType>()): Map<string, string> {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const d = defOf(schema);
  if (d.type === 'object') {
    for (const [key, value] of Object.entries(d.shape ?? {})) {
      if (NOT_SUPPORTED_YET_SCHEMAS.has(value)) {
        refused.add(key);
        continue;
      }
      if (!out.has(key)) out.set(key, `${at}.${key}`);
      if (!(key in PASSED_THROUGH)) propertyNames(value, `${at}.${key}`, out, refused, seen);
    }
  }
  for (const next of [d.innerType, d.in, d.out, d.element, d.valueType, ...(d.options ?? []), d.type === 'lazy' ? d.getter?.() : undefined]) {
    if (next) propertyNames(next, d.element === next ? `${at}[]` : d.valueType === next ? `${at}.<name>` : at, out, refused, seen);
  }
  return out;
}

const PACKAGES = path.resolve(__dirname, '..', '..', '..', '..');
/** Files that define what stack.yml accepts; mentioning a name there is not reading it. */
const SCHEMA_FILES = /\/model\/(resource-types\/[^/]+|packaging\/(stacktape-lambda-buildpack|image-packaging|custom-artifact)|stack-schema|common-schemas|scripts|provider-config|directives)\.ts$/;

function readerSources(): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (name === 'node_modules' || name === 'dist' || name === '__fixtures__') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts') && !SCHEMA_FILES.test(p)) texts.push(readFileSync(p, 'utf8'));
    }
  };
  for (const pkg of readdirSync(PACKAGES)) if (statSync(path.join(PACKAGES, pkg, 'src'), { throwIfNoEntry: false })?.isDirectory()) walk(path.join(PACKAGES, pkg, 'src'));
  return texts.join('\n');
}

function isRead(name: string, sources: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\.${n}\\b|\\[['"]${n}['"]\\]|['"]${n}['"]|\\{[^}=]*\\b${n}\\b[^}=]*\\}\\s*=`).test(sources);
}

/**
 * Accepted so a Stacktape config parses, and refused with a located error whenever given: the
 * refusing check reads their parent (script-checks.ts, provider-config.ts), so the leaf itself
 * is never read.
 */
const REFUSED: Readonly<Record<string, string>> = {
  bastionResource: 'bastion scripts: NXS_SCRIPT_UNSUPPORTED',
  beforeBucketSync: 'NXS_HOOK_UNSUPPORTED',
  afterBucketSync: 'NXS_HOOK_UNSUPPORTED',
  beforeDev: 'NXS_HOOK_UNSUPPORTED',
  afterDev: 'NXS_HOOK_UNSUPPORTED',
  upstash: 'NXS_PROVIDER_UNSUPPORTED',
  accountEmail: 'providerConfig.upstash: NXS_PROVIDER_UNSUPPORTED',
  apiKey: 'providerConfig.upstash: NXS_PROVIDER_UNSUPPORTED',
};

/**
 * Found accepted and ignored when this test was written (issue 15): each is a defect to fix by
 * reading it or refusing it. Shrink, never grow (empty since runAppAs and the bucket settings
 * were compiled or refused).
 */
const KNOWN_UNREAD: readonly string[] = [];

describe('stack.yml schema', () => {
  it('has a reader for every property it accepts', () => {
    const sources = readerSources();
    const notYet = new Set<string>();
    const unread = [...propertyNames(stackConfigSchema, 'stack', new Map(), notYet)].filter(([name]) => !isRead(name, sources));
    const excused = (name: string) => KNOWN_UNREAD.includes(name) || name in REFUSED || notYet.has(name);
    expect(unread.filter(([name]) => !excused(name)).map(([name, at]) => `${name} (${at})`)).toEqual([]);
    // A listed name that gained a reader comes off its list.
    expect([...KNOWN_UNREAD, ...Object.keys(REFUSED)].filter((name) => !unread.some(([n]) => n === name))).toEqual([]);
  });
});
