// Renders docs/stack-reference.md from the stack.yml JSON Schema (packages/core/schema, generated from
// the loader's zod model), the resource types' $ResourceParam names and the directive list, and
// docs/targets/*.md from the executors' schema.json. Pure functions: generate.mjs writes the files,
// tools/docs/docs.test.ts fails when they are stale.

const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A short type text: `string`, `integer`, `a \| b`, `"const"`, `directive`, `map of ...`, `list of ...`. */
function typeText(s) {
  if (!s || Object.keys(s).length === 0) return 'any';
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${v}\``).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map((a) => (a.pattern && a.pattern.startsWith('\\$(') ? 'directive' : typeText(a))))].join(' \\| ');
  if (s.type === 'array') return `list of ${typeText(s.items)}`;
  if (s.type === 'object' && !s.properties) return s.additionalProperties && Object.keys(s.additionalProperties).length ? `map of ${typeText(s.additionalProperties)}` : 'map';
  if (s.type === 'object') return 'object';
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function constraints(s) {
  const c = [];
  // zod writes JavaScript's safe-integer range for a plain int: not a limit worth showing.
  const min = s.minimum === -Number.MAX_SAFE_INTEGER ? undefined : s.minimum;
  const max = s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum;
  if (min !== undefined || max !== undefined) c.push(min === undefined ? `≤ ${max}` : max === undefined ? `≥ ${min}` : `${min}–${max}`);
  if (s.exclusiveMinimum !== undefined) c.push(`> ${s.exclusiveMinimum}`);
  if (s.minLength !== undefined && s.minLength > 1) c.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) c.push(`max length ${s.maxLength}`);
  if (s.minItems !== undefined) c.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) c.push(`max ${s.maxItems} items`);
  if (s.pattern && !s.pattern.startsWith('\\$(')) c.push(`pattern \`${s.pattern}\``);
  return c.join(', ');
}

/** The variants of a `type`-discriminated oneOf (packaging, events, authorizers), or undefined. */
function discriminated(s) {
  const alts = s?.oneOf;
  if (!alts || !alts.every((a) => a.properties?.type?.const !== undefined)) return undefined;
  return alts.map((a) => ({ type: a.properties.type.const, schema: a }));
}

/**
 * Rows (path, type, required, default, notes) of every property under `s`. Packaging variants are
 * collected into `packagings` and linked, not repeated under each resource type.
 */
function rows(s, prefix, required, packagings) {
  const out = [];
  const props = s.properties ?? {};
  for (const [name, p] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const req = (s.required ?? []).includes(name);
    const variants = discriminated(p);
    if (variants && name === 'packaging') {
      const links = variants.map((v) => {
        packagings.set(v.type, v.schema);
        return `[\`${v.type}\`](#packaging-${v.type})`;
      });
      out.push({ path, type: `one of ${links.join(', ')}`, required: req, def: p.default, notes: p.description ?? '' });
      continue;
    }
    if (variants || (p.type === 'array' && discriminated(p.items))) {
      const list = variants ? '' : '[]';
      out.push({ path: `${path}${list}`, type: `one of ${(variants ?? discriminated(p.items)).map((v) => `\`${v.type}\``).join(', ')}`, required: req, def: p.default, notes: p.description ?? '' });
      for (const v of variants ?? discriminated(p.items)) out.push(...rows(v.schema, `${path}${list}(type: ${v.type})`, v.schema.required, packagings).filter((r) => !r.path.endsWith('.type')));
      continue;
    }
    out.push({ path, type: typeText(p), required: req, def: p.default, notes: [constraints(p), p.description].filter(Boolean).join('; ') });
    if (p.type === 'object' && p.properties) out.push(...rows(p, path, p.required, packagings));
    if (p.type === 'array' && p.items?.type === 'object' && p.items.properties) out.push(...rows(p.items, `${path}[]`, p.items.required, packagings));
  }
  return out;
}

function table(rs) {
  const lines = ['| property | type | required | default | notes |', '|---|---|---|---|---|'];
  for (const r of rs) lines.push(`| \`${r.path}\` | ${r.type} | ${r.required ? 'yes' : ''} | ${r.def === undefined ? '' : `\`${esc(JSON.stringify(r.def))}\``} | ${esc(r.notes)} |`);
  return lines.join('\n');
}

/**
 * @param {object} schema                  stack.schema.json
 * @param {{type: string, params: readonly string[]}[]} resourceTypes  core's RESOURCE_TYPE_DEFINITIONS
 * @param {Record<string, readonly string[]>} directives               core's DIRECTIVE_ARGUMENTS
 */
export function renderStackReference(schema, resourceTypes, directives) {
  const packagings = new Map();
  const out = [
    '<!-- Generated by `node tools/docs/generate.mjs` from packages/core/schema/stack.schema.json; do not edit. tools/docs/docs.test.ts fails when it is stale. -->',
    '# stack.yml reference',
    '',
    'Every key nxstack reads from a `stack.yml`, with its type, whether it is required, its default and its limits, as the loader',
    'checks them. The same schema gives editors completion: `nx add @nxstack/plugin` and `nx g @nxstack/plugin:stack` put a',
    '`# yaml-language-server: $schema=<path to node_modules/@nxstack/core/schema/stack.schema.json>` line at the top of each stack.yml.',
    '',
    '## Top level',
    '',
    table(rows({ ...schema, properties: { ...schema.properties, resources: { type: 'object', description: 'Resource name (letters and digits, starting with a letter, at most 64) → resource.' } } }, '', schema.required, packagings)),
    '',
    '## Resource types',
    '',
    'Each resource is `{ type, properties, overrides }`. `overrides` maps a CloudFormation logical id of the resource to properties',
    'merged into it. `$ResourceParam(\'<resource>\', \'<param>\')` reads the params listed under each type.',
    '',
  ];
  const alts = schema.properties.resources.additionalProperties.oneOf;
  out.push(alts.map((a) => `[\`${a.properties.type.const}\`](#${a.properties.type.const})`).join(' · '), '');
  for (const a of alts) {
    const type = a.properties.type.const;
    const params = resourceTypes.find((t) => t.type === type)?.params ?? [];
    out.push(`### ${type}`, '', `$ResourceParam params: ${params.length ? params.map((p) => `\`${p}\``).join(', ') : 'none'}.`, '');
    const props = a.properties.properties;
    out.push(props ? table(rows(props, 'properties', props.required, packagings)) : 'No properties.', '');
  }
  out.push('## Packaging', '', 'The `packaging` of a function or container workload: `{ type, properties }`.', '');
  for (const [type, s] of [...packagings.entries()]) {
    out.push(`### packaging: ${type}`, '', `<a id="packaging-${type}"></a>`, '');
    const props = s.properties.properties;
    out.push(props ? table(rows(props, 'properties', props.required, packagings)) : 'No properties.', '');
  }
  out.push('## Directives', '', 'Written as strings anywhere a value is accepted; text around a directive is joined (`"arn:$ResourceParam(\'q\', \'arn\')/x"`).', '');
  out.push('| directive | arguments |', '|---|---|');
  for (const [name, args] of Object.entries(directives)) out.push(`| \`$${name}(${args.map((x) => `'<${x}>'`).join(', ')})\` | ${args.map((x) => `\`${x}\``).join(', ')} |`);
  out.push('');
  return `${out.join('\n')}`;
}

/** The targets the plugin infers, the executors behind each (packages/plugin/src/lib/stack-targets.ts). */
export const INFERRED_TARGETS = [
  { target: 'validate', page: 'validate', executors: ['@nxstack/cfn-compiler:validate'], what: 'Compiles the whole stack for the stage with stand-in artifacts, no AWS call; cached on stack.yml and the stage. Every publish--*, deploy and diff depends on it.' },
  {
    target: 'package--<resource>',
    page: 'package-resource',
    executors: ['@nxstack/packager-node:package', '@nxstack/packager-python:package', '@nxstack/packager-go:package', '@nxstack/packager-java:package', '@nxstack/core:custom-artifact', '@nxstack/image-builder:build-image', '@nxstack/core:hosting-files'],
    what: 'Builds one resource into dist/stack/<projectRoot>/<resource>/ with manifest.json; cached by Nx. The executor follows the packaging and the entry file\'s language; a hosting-bucket\'s folder is copied with its files\' keys, MD5s and headers (deploy uploads what changed; no publish--<resource>).',
  },
  { target: 'publish--<resource>', page: 'publish-resource', executors: ['@nxstack/deployer:publish', '@nxstack/image-builder:push-image'], what: 'Uploads the zip to a content-addressed S3 key or pushes the image by digest; skips what exists. Not cached. deploy pushes images through these; it uploads the zips itself (no publish task process for them).' },
  { target: 'package', page: 'package', executors: ['@nxstack/packager-node:package'], what: 'Every resource: JS/TS resources share one esbuild run, the other package--* run as dependencies (nx:noop when the stack has no JS/TS resource).' },
  { target: 'deploy', page: 'deploy', executors: ['@nxstack/deployer:deploy'], what: 'After validate, the package tasks and the image publish--* tasks: compiles the template, uploads the zips the stage lacks (one HeadObject pass, also when the stack is up to date), skips CloudFormation when nothing changed, else change set, events, outputs; then uploads the changed files of each hosting-bucket.' },
  { target: 'diff', page: 'diff', executors: ['@nxstack/deployer:diff'], what: 'The change set a deploy would execute, not executed.' },
  { target: 'destroy', page: 'destroy', executors: ['@nxstack/deployer:destroy'], what: 'Deletes the stage\'s stack (the deployment bucket stays).' },
  { target: 'env--<resource>', page: 'env-resource', executors: ['@nxstack/connect-to:env'], what: 'The environment and STP_* variables of a compute resource on a deployed stage, as dotenv or JSON, to stdout or a file (--output).' },
  { target: 'invoke', page: 'invoke', executors: ['@nxstack/local-runtime:invoke'], what: 'Runs one packaged function locally through a Lambda Runtime API emulation and prints its result and REPORT line; with --stage <aws stage> invokes the deployed function.' },
  { target: 'run-script--<script>', page: 'run-script', executors: ['@nxstack/deployer:run-script'], what: 'Runs one deployment-script on demand with its parameters as the event: locally the packaged script (the stack\'s HTTP APIs served meanwhile), on an AWS stage the deployed function. Prints its logs and result.' },
  { target: 'logs--<resource>', page: 'logs-resource', executors: ['@nxstack/local-runtime:logs'], what: 'A function\'s or script\'s logs: on the local stage every local invocation, on an AWS stage its CloudWatch log group; --since, --follow.' },
  { target: 'promote', page: 'promote', executors: ['@nxstack/deployer:promote'], what: 'Deploys to one stage (--to) exactly the artifacts another stage (--from) runs: no package or publish task; zips are copied key for key into the target\'s bucket, images by digest into the target\'s repository (blob mount, or copy to another region\'s registry), then the target deployed with the same keys and digests.' },
  { target: 'script--<script>', page: 'script', executors: ['@nxstack/deployer:script'], what: 'Runs one top-level script of stack.yml (`scripts:`, a local-script) on this machine: executeCommand(s) as shell command lines, executeScript(s) with node (TypeScript bundled first) or python3, in its cwd (default: the folder of stack.yml), with its environment and the STP_* values of its connectTo for the stage. Hooks (afterDeploy, beforeDelete, afterDelete) run such scripts inside deploy and destroy.' },
  { target: 'before-deploy', page: 'before-deploy', executors: ['@nxstack/deployer:hooks'], what: "Only when stack.yml's hooks.beforeDeploy names scripts: runs them in order before any package task (every package--*, package and deploy depend on it), so a build step's output is what gets packaged. Not cached." },
  { target: 'build--<resource>', page: 'build-resource', executors: ['@nxstack/core:hosting-build'], what: "Only for a hosting-bucket with `build`: runs build.command in build.workingDirectory (default: the folder of stack.yml), split into argv as Stacktape does (whitespace, double-quoted parts whole; no shell). Cached: its inputs are the working directory's files (without the upload folder and stack.yml), its .env* files and the build settings; its output is uploadDirectoryPath, which package--<resource> waits for." },
  { target: 'dev--<resource>', page: 'dev-resource', executors: ['@nxstack/deployer:hosting-dev'], what: "Only for a hosting-bucket with `dev`: a continuous task that writes the bucket's injectEnvironment, resolved for the stage (local values on the local stage, which must be deployed), to .env.local in dev.workingDirectory, then runs dev.command through /bin/sh (as Stacktape runs it) with HOST=127.0.0.1 until stopped." },
  { target: 'serve', page: 'serve', executors: ['@nxstack/local-runtime:serve'], what: 'A continuous task: the stack\'s HTTP APIs and function URLs on 127.0.0.1 at the local stage\'s URLs, each request run by the packaged function; the next request after a re-package uses the new artifact. Web/private/worker services run from their packaged images (containers with a Docker engine, host processes without), restarted on a new image.' },
];

function optionRows(schema) {
  const lines = ['| option | type | default | description |', '|---|---|---|---|'];
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    const req = (schema.required ?? []).includes(name) ? ' (required)' : '';
    lines.push(`| \`--${name}\`${req} | ${typeText(p)} | ${p.default === undefined ? '' : `\`${esc(JSON.stringify(p.default))}\``} | ${esc([p.description, constraints(p)].filter(Boolean).join('; '))} |`);
  }
  return lines.join('\n');
}

/**
 * @param {typeof INFERRED_TARGETS[number]} t
 * @param {(executor: string) => { description: string, schema: object }} executorInfo
 */
export function renderTargetPage(t, executorInfo) {
  const out = [
    '<!-- Generated by `node tools/docs/generate.mjs` from the executors\' schema.json; do not edit. -->',
    `# \`${t.target}\``,
    '',
    t.what,
    '',
    `Options given on the command line (\`npx nx run <project>:${t.target} --<option> <value>\`) or in \`targets\` of project.json win over stack.yml;`,
    'no option has a default that stack.yml can set.',
    '',
  ];
  for (const ex of t.executors) {
    const { description, schema } = executorInfo(ex);
    out.push(`## ${ex}`, '', description, '', optionRows(schema), '');
  }
  return out.join('\n');
}

export function renderTargetIndex() {
  const out = ['<!-- Generated by `node tools/docs/generate.mjs`; do not edit. -->', '# Targets', '', 'What `@nxstack/plugin` infers for each project with a stack.yml (`npx nx show project <project>` lists them).', '', '| target | executor | what |', '|---|---|---|'];
  for (const t of INFERRED_TARGETS) out.push(`| [\`${t.target}\`](${t.page}.md) | ${t.executors.map((e) => `\`${e}\``).join(', ')} | ${esc(t.what)} |`);
  out.push('');
  return out.join('\n');
}
