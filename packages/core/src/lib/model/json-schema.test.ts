import Ajv2020 from 'ajv/dist/2020';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STACK_JSON_SCHEMA_PATH, stackJsonSchemaText } from './json-schema';

const packageRoot = join(__dirname, '..', '..', '..');
const schemaFile = join(packageRoot, STACK_JSON_SCHEMA_PATH);

describe('schema/stack.schema.json', () => {
  it('is up to date with the zod model (regenerate: node packages/core/scripts/generate-schema.mjs)', () => {
    const expected = stackJsonSchemaText();
    if (process.env.NXS_UPDATE_SCHEMA === '1') writeFileSync(schemaFile, expected);
    expect(readFileSync(schemaFile, 'utf8'), 'stack.schema.json is stale: run node packages/core/scripts/generate-schema.mjs').toBe(expected);
  });

  it('accepts the sample stack as written (directives as strings) and rejects unknown keys and bad names', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const sample = parse(readFileSync(join(__dirname, '__fixtures__', 'sample', 'stack.yml'), 'utf8'));
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);

    const typo = structuredClone(sample);
    typo.resources.myLambda.properties.timout = 5;
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties')).toBe(true);

    expect(validate({ resources: { 'my-bucket': { type: 'bucket' } } })).toBe(false);
    expect(validate({ resources: { uploads: { type: 'bukket' } } })).toBe(false);
  });
});
