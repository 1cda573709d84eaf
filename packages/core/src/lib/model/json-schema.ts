import { z } from 'zod';
import { DIRECTIVE_NAMES, directiveSchema } from './directives';
import { RESOURCE_NAME_MAX_LENGTH, RESOURCE_NAME_PATTERN } from './semantic-checks';
import { stackConfigSchema } from './stack-schema';

/** Where the generated schema is checked in (relative to packages/core). */
export const STACK_JSON_SCHEMA_PATH = 'schema/stack.schema.json';

const DIRECTIVE_PATTERN = `\\$(${DIRECTIVE_NAMES.join('|')})\\s*\\(`;

/**
 * JSON Schema of stack.yml as users write it (for editors / yaml-language-server). Directives
 * are parsed objects in the model but strings in the file, so they are shown as strings.
 */
export function buildStackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(stackConfigSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema !== directiveSchema) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, { type: 'string', pattern: DIRECTIVE_PATTERN, description: "A directive, e.g. $ResourceParam('<resource>', '<param>')" });
    },
  }) as Record<string, unknown>;
  // Resource names are checked by the loader (for a better message) rather than by zod.
  const resources = (schema.properties as Record<string, Record<string, unknown>>).resources;
  resources.propertyNames = { type: 'string', pattern: RESOURCE_NAME_PATTERN.source, maxLength: RESOURCE_NAME_MAX_LENGTH };
  return { ...schema, $id: 'https://nxstack.dev/schema/stack.schema.json', title: 'nxstack stack.yml' };
}

/** The schema file's exact text (stable key order, trailing newline). */
export function stackJsonSchemaText(): string {
  return `${JSON.stringify(buildStackJsonSchema(), null, 2)}\n`;
}
