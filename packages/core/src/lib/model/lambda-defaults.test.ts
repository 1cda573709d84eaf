import { describe, expect, it } from 'vitest';
import { DEFAULT_LAMBDA_ARCHITECTURE, DEFAULT_OUTPUT_MODULE_FORMAT } from './lambda-defaults';
import { functionPropertiesSchema } from './resource-types/function';

describe('Lambda defaults read from the stack model', () => {
  it('match what a stack.yml function without the property gets', () => {
    const parsed = functionPropertiesSchema.parse({ packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/a.ts' } } });
    expect(DEFAULT_LAMBDA_ARCHITECTURE).toBe(parsed.architecture);
    expect(DEFAULT_LAMBDA_ARCHITECTURE).toBe('x86_64');
    expect(DEFAULT_OUTPUT_MODULE_FORMAT).toBe('cjs');
  });
});
