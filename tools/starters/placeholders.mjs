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
  } else if (ext === '.java') {
    // The class in the package its path names, and the Maven build a Java starter has beside it.
    const m = /(?:^|\/)src\/main\/java\/(.+)\/[^/]+\.java$/.exec(path.relative(dir, file).split(path.sep).join('/'));
    const pkg = m ? `package ${m[1].replace(/\//g, '.')};\n\n` : '';
    write(file, `${pkg}public class ${path.basename(file, ext)} { public String handleRequest(Object in, Object ctx) { return "placeholder"; } }\n`);
    if (!['pom.xml', 'build.gradle', 'build.gradle.kts'].some((f) => existsSync(path.join(dir, f)))) writeManifest(dir, 'pom.xml');
  }
  else write(file, 'placeholder\n');
}

function writeManifest(dir, rel) {
  const file = path.resolve(dir, rel);
  const name = path.basename(file);
  // Named after its folder: Nx names a project by its package.json.
  if (name === 'package.json') write(file, `{ "name": "${path.basename(path.dirname(file))}", "private": true }\n`);
  else if (name === 'pyproject.toml') write(file, '[project]\nname = "placeholder"\nversion = "0.0.0"\ndependencies = []\n');
  else if (name === 'pom.xml') write(file, '<project><modelVersion>4.0.0</modelVersion><groupId>p</groupId><artifactId>p</artifactId><version>0</version></project>\n');
  else if (name.endsWith('.json')) write(file, '{}\n');
  else write(file, '');
}

function writeArtifact(dir, rel) {
  const file = path.resolve(dir, rel);
  // cargo lambda's output (target/lambda/<binary>/bootstrap.zip): the crate that builds it.
  const cargo = /(?:^|\/)target\/lambda\/([^/]+)\//.exec(rel);
  if (cargo) {
    write(path.join(dir, 'Cargo.toml'), `[package]\nname = "${cargo[1]}"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n`);
    write(path.join(dir, 'src', 'main.rs'), 'fn main() {}\n');
  }
  if (existsSync(file)) return;
  if (file.endsWith('.zip')) {
    mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr("bootstrap", "placeholder")', file]);
  } else if (path.extname(file)) write(file, 'placeholder\n');
  else write(path.join(file, 'index.js'), NODE_HANDLER);
}

/** Folders a build writes (upload directories), collected by visit(). */
const outputs = [];

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
      } else if (k === 'sourceDirectoryPath' || k === 'uploadDirectoryPath' || k === 'appDirectory' || k === 'cwd') {
        write(path.resolve(dir, v, 'index.html'), '<p>placeholder</p>\n');
        if (k === 'uploadDirectoryPath') outputs.push(path.relative(dir, path.resolve(dir, v)) || '.');
      }
    }
    visit(v, dir, k);
  }
}

/**
 * The project's package.json: its `build` script (what a starter's `npm run build` hook runs)
 * writes the folders the config uploads, as a real build would.
 */
function writePackageJson(dir, outputs) {
  const build = `node -e "const fs=require('fs');for(const d of ${JSON.stringify(outputs).replace(/"/g, "'")}){fs.mkdirSync(d,{recursive:true});fs.writeFileSync(d+'/index.html','<p>placeholder</p>')}"`;
  write(path.join(dir, 'package.json'), `${JSON.stringify({ name: path.basename(dir), private: true, scripts: { build } }, null, 2)}\n`);
}

export function writePlaceholders(workspace, projectDir, text) {
  outputs.length = 0;
  visit(YAML.parse(text), projectDir, undefined);
  writePackageJson(projectDir, [...new Set(outputs)]);
  const secrets = Object.fromEntries([...text.matchAll(/\$Secret\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => [m[1].split(':SecretString:')[0], 'placeholder-secret-value']));
  if (Object.keys(secrets).length) write(path.join(workspace, '.nxstack', 'secrets.json'), `${JSON.stringify(secrets, null, 2)}\n`);
}
