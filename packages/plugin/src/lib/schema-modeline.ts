import * as path from 'node:path';
import { STACK_JSON_SCHEMA_PATH } from '@nxstack/core';

/** The JSON Schema of stack.yml inside the installed @nxstack/core, from the workspace root. */
export const INSTALLED_STACK_SCHEMA = path.posix.join('node_modules', '@nxstack', 'core', STACK_JSON_SCHEMA_PATH);

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=/m;

/**
 * The yaml-language-server modeline (VS Code YAML, Neovim, JetBrains and every other client of
 * that server read it) that gives a stack.yml completion and checks from the installed schema:
 * a path relative to the stack.yml's folder, so it works wherever the workspace is checked out.
 */
export function schemaModeline(stackFile: string): string {
  const fromStackDir = path.posix.relative(path.posix.dirname(stackFile), INSTALLED_STACK_SCHEMA);
  return `# yaml-language-server: $schema=${fromStackDir}`;
}

/** The text with the modeline as its first line; unchanged when it already has one (any target). */
export function withSchemaModeline(stackFile: string, text: string): string {
  if (MODELINE.test(text)) return text;
  return `${schemaModeline(stackFile)}\n${text}`;
}
