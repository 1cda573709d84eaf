import { describe, expect, it } from 'vitest';
import { isNxstackError, parseStack } from '@nxstack/core';
import { validateStack } from './validate-stack';

const text = [
  'resources:',
  '  fn:',
  '    type: function',
  '    properties:',
  '      runtime: nodejs18.x',
  '      packaging:',
  '        type: stacktape-lambda-buildpack',
  '        properties:',
  '          entryfilePath: src/fn.ts',
  '  web:',
  '    type: web-service',
  '    properties:',
  '      packaging:',
  '        type: custom-dockerfile',
  '        properties:',
  '          buildContextPath: web',
  '      resources:',
  '        cpu: 0.25',
  '        memory: 512',
  '',
].join('\n');

describe('validateStack', () => {
  const stack = parseStack(text, 'apps/api/stack.yml', { workspaceRoot: __dirname, checkPaths: false });
  const now = new Date('2026-12-01T00:00:00Z');

  it('compiles the whole stack without artifacts (a zip and an image stand in)', () => {
    const { template, warnings } = validateStack({ stack, projectName: 'api', stage: 'local', now });
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(expect.arrayContaining(['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition']));
    // The runtime written in stack.yml is what is checked, not the stand-in's.
    expect(warnings.join('\n')).toContain("NXS_RUNTIME_DEPRECATED apps/api/stack.yml:5:16 Runtime 'nodejs18.x'");
  });

  it('fails an AWS stage on what only warns on local', () => {
    try {
      validateStack({ stack, projectName: 'api', stage: 'dev', now });
      throw new Error('expected a failure');
    } catch (e) {
      expect(isNxstackError(e) && e.format()).toMatch(/^NXS_RUNTIME_DEPRECATED apps\/api\/stack\.yml:5:16 .*\n  hint: Use nodejs22\.x or nodejs24\.x/);
    }
  });
});
