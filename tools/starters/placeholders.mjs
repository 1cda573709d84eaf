// Placeholder sources for a starter's stack.yml: every file or folder the config names gets a
// minimal stand-in (a handler that answers, an empty manifest, a Dockerfile FROM scratch), and
// every `$Secret('name')` a local value in .nxstack/secrets.json, so what is measured is whether
// nxstack accepts and deploys the configuration, not the starter's own code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';

const NODE_HANDLER = "export default async () => ({ statusCode: 200, body: 'placeholder' });\nexport const handler = async () => ({ statusCode: 200, body: 'placeholder' });\n";
const PY_HANDLER = 'def handler(event, context):\n    return {"statusCode": 200, "body": "placeholder"}\n\n\napp = None\napplication = None\n';

function write(file, text) {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A source file for an entry point, by extension (`file.py:app` / `file.ts:handler` suffixes dropped). */
function writeSource(dir, rel) {
  const file = path.resolve(dir, rel.replace(/:[A-Za-z_][\w.]*$/, ''));
  const ext = path.extname(file);
  if (['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.tsx', '.jsx'].includes(ext)) write(file, NODE_HANDLER);
  else if (ext === '.py') write(file, PY_HANDLER);
  else if (ext === '.go') {
    write(file, 'package main\n\nfunc main() {}\n');
    write(path.join(path.dirname(file), 'go.mod'), 'module placeholder\n\ngo 1.21\n');
  } else if (ext === '.java') write(file, `public class ${path.basename(file, ext)} { public String handleRequest(Object in, Object ctx) { return "placeholder"; } }\n`);
  else write(file, 'placeholder\n');
}

function writeManifest(dir, rel) {
  const file = path.resolve(dir, rel);
  const name = path.basename(file);
  if (name === 'package.json') write(file, '{ "name": "placeholder", "private": true }\n');
  else if (name === 'pyproject.toml') write(file, '[project]\nname = "placeholder"\nversion = "0.0.0"\ndependencies = []\n');
  else if (name === 'pom.xml') write(file, '<project><modelVersion>4.0.0</modelVersion><groupId>p</groupId><artifactId>p</artifactId><version>0</version></project>\n');
  else if (name.endsWith('.json')) write(file, '{}\n');
  else write(file, '');
}

function writeArtifact(dir, rel) {
  const file = path.resolve(dir, rel);
  if (existsSync(file)) return;
  if (file.endsWith('.zip')) {
    mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr("bootstrap", "placeholder")', file]);
  } else if (path.extname(file)) write(file, 'placeholder\n');
  else write(path.join(file, 'index.js'), NODE_HANDLER);
}

/** Walks the parsed config and writes a stand-in for every path-valued property. */
function visit(node, dir, key) {
  if (Array.isArray(node)) {
    for (const item of node) {
      if (typeof item === 'string' && (key === 'executeScripts')) writeSource(dir, item);
      else visit(item, dir, key);
    }
    return;
  }
  if (!node || typeof node !== 'object') return;
  const props = node;
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' && !v.startsWith('$')) {
      if (k === 'entryfilePath' || k === 'executeScript') writeSource(dir, v);
      else if (k === 'packageManagerFile' || k === 'tsConfigPath') writeManifest(dir, v);
      else if (k === 'packagePath') writeArtifact(dir, v);
      else if (k === 'buildContextPath') {
        const dockerfile = props.dockerfilePath ? path.resolve(dir, v, props.dockerfilePath) : path.resolve(dir, v, 'Dockerfile');
        write(dockerfile, 'FROM scratch\nCOPY placeholder.txt /placeholder.txt\n');
        write(path.resolve(dir, v, 'placeholder.txt'), 'placeholder\n');
      } else if (k === 'sourceDirectoryPath' || k === 'uploadDirectoryPath' || k === 'appDirectory' || k === 'cwd') write(path.resolve(dir, v, 'index.html'), '<p>placeholder</p>\n');
    }
    visit(v, dir, k);
  }
}

export function writePlaceholders(workspace, projectDir, text) {
  visit(YAML.parse(text), projectDir, undefined);
  const secrets = Object.fromEntries([...text.matchAll(/\$Secret\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => [m[1].split(':SecretString:')[0], 'placeholder-secret-value']));
  if (Object.keys(secrets).length) write(path.join(workspace, '.nxstack', 'secrets.json'), `${JSON.stringify(secrets, null, 2)}\n`);
}
