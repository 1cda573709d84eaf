#!/usr/bin/env node
// Regenerates schema/stack.schema.json from the zod model: builds @nxstack/core, then writes
// the text produced by stackJsonSchemaText(). The json-schema test fails while it is stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(pkg, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-b', join(pkg, 'tsconfig.lib.json')], { stdio: 'inherit' });
const { stackJsonSchemaText, STACK_JSON_SCHEMA_PATH } = createRequire(import.meta.url)(join(pkg, 'dist', 'lib', 'model', 'json-schema.js'));
writeFileSync(join(pkg, STACK_JSON_SCHEMA_PATH), stackJsonSchemaText());
console.log(`wrote ${STACK_JSON_SCHEMA_PATH}`);
