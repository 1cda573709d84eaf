import { describe, expect, it } from 'vitest';
import { DEFAULT_LAMBDA_ARCHITECTURE, DEFAULT_OUTPUT_MODULE_FORMAT, LAMBDA_DEFAULTS } from './lambda-defaults';
import { deploymentScriptPropertiesSchema } from './resource-types/deployment-script';
import { functionPropertiesSchema } from './resource-types/function';

describe('Lambda defaults read from the stack model', () => {
  it('match what a stack.yml function without the property gets', () => {
    const parsed = functionPropertiesSchema.parse({ packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/a.ts' } } });
    expect(DEFAULT_LAMBDA_ARCHITECTURE).toBe(parsed.architecture);
    expect(DEFAULT_LAMBDA_ARCHITECTURE).toBe('x86_64');
    expect(DEFAULT_OUTPUT_MODULE_FORMAT).toBe('cjs');
  });
});

describe('LAMBDA_DEFAULTS', () => {
  it('are the stack model defaults of a function and a deployment-script (one owner: the zod schema)', () => {
    expect(LAMBDA_DEFAULTS).toEqual({ memory: functionPropertiesSchema.shape.memory.parse(undefined), timeout: functionPropertiesSchema.shape.timeout.parse(undefined), storage: functionPropertiesSchema.shape.storage.parse(undefined) });
    expect(LAMBDA_DEFAULTS).toEqual({ memory: 1024, timeout: 10, storage: 512 });
    expect(deploymentScriptPropertiesSchema.shape.storage.parse(undefined)).toBe(LAMBDA_DEFAULTS.storage);
    expect(deploymentScriptPropertiesSchema.shape.memory.parse(undefined)).toBe(LAMBDA_DEFAULTS.memory);
    expect(deploymentScriptPropertiesSchema.shape.timeout.parse(undefined)).toBe(LAMBDA_DEFAULTS.timeout);
  });
});
