import { describe, expect, it } from 'vitest';
import { createNodes } from '../index';
import { contextFor, SAMPLE_STACK, tmpWorkspace } from './__fixtures__/workspace';

/** What Nx receives when a stack.yml is broken: the aggregate error createNodesFromFiles throws. */
async function failureOf(files: Record<string, string>, configFiles: string[]): Promise<{ message: string; errors: Array<[string, Error]>; partial: unknown[] }> {
  const root = tmpWorkspace(files);
  try {
    await createNodes[1](configFiles, undefined, contextFor(root));
  } catch (e) {
    const agg = e as { errors: Array<[string, Error]>; partialResults: unknown[]; message: string };
    return { message: agg.message, errors: agg.errors, partial: agg.partialResults };
  }
  throw new Error('createNodes should have failed');
}

describe('createNodes with a broken stack.yml', () => {
  it('fails only the file whose targets cannot be inferred (unknown type), with code, file:line and hint, and still returns the good projects', async () => {
    const { errors, partial } = await failureOf(
      {
        'apps/api/stack.yml': SAMPLE_STACK,
        'apps/bad/stack.yml': 'resources:\n  myFn:\n    type: lambda-function\n    properties:\n      memory: 512\n',
      },
      ['apps/api/stack.yml', 'apps/bad/stack.yml'],
    );
    expect(errors).toHaveLength(1);
    const [file, error] = errors[0];
    expect(file).toBe('apps/bad/stack.yml');
    expect(error.name).toBe('NxstackError');
    expect(error.message).toMatch(/^NXS_\w+ apps\/bad\/stack\.yml:3:11 /);
    expect(error.message).toContain('hint: ');
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(partial).toHaveLength(1);
  });

  it('fails the graph on a YAML syntax error', async () => {
    const { errors } = await failureOf({ 'apps/bad/stack.yml': 'resources:\n  fn: [\n' }, ['apps/bad/stack.yml']);
    expect(errors[0][1].message).toMatch(/^NXS_YAML_\w+ apps\/bad\/stack\.yml:\d+:\d+ /);
  });

  it('keeps the targets of a stack with semantic errors: its validate target reports them', async () => {
    const root = tmpWorkspace({
      'apps/bad/stack.yml': [
        'resources:',
        '  web:',
        '    type: web-service',
        '    properties:',
        '      packaging:',
        '        type: prebuilt-image',
        '        properties:',
        '          image: nginx:1',
        '      resources:',
        '        cpu: 0.25',
        '        memory: 8192',
        '  fn:',
        '    type: function',
        '    properties:',
        '      memory: lots',
        '      packaging:',
        '        type: stacktape-lambda-buildpack',
        '        properties:',
        '          entryfilePath: src/fn.ts',
        '',
      ].join('\n'),
    });
    const result = await createNodes[1](['apps/bad/stack.yml'], undefined, contextFor(root));
    const targets = result[0][1].projects!['apps/bad'].targets!;
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['validate', 'package--web', 'package--fn', 'publish--fn', 'deploy']));
  });

  it('reports an entry file whose language is unknown at its line', async () => {
    const stack = 'resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/main.rb\n';
    const { errors } = await failureOf({ 'svc/stack.yml': stack }, ['svc/stack.yml']);
    expect(errors[0][1].message).toContain('svc/stack.yml:8:');
    expect(errors[0][1].message).toContain("cannot tell the language of entry file 'src/main.rb'");
  });
});
