#!/usr/bin/env node
// Writes docs/stack-reference.md and docs/targets/*.md (see render-reference.mjs). Needs the packages built
// (node tools/build.mjs): it reads core's resource types and directives from packages/core/dist.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceDocs } from './reference-sources.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const [file, text] of Object.entries(referenceDocs(root))) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
