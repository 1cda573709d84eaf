import { describe, expect, it } from 'vitest';
import { parseStack } from './load-stack';
import type { StackLoadError } from './stack-load-error';

function runtimeProblem(runtime: string, packaging: string) {
  const text = `resources:\n  fn:\n    type: function\n    properties:\n      runtime: ${runtime}\n      packaging:\n${packaging}`;
  try {
    parseStack(text, 'stack.yml', { workspaceRoot: __dirname, checkPaths: false });
  } catch (e) {
    return (e as StackLoadError).problems[0];
  }
  return undefined;
}

const buildpack = (entry: string) => `        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: ${entry}\n`;
const customArtifact = '        type: custom-artifact\n        properties:\n          packagePath: dist\n          handler: index.handler\n';

describe('runtime in stack.yml', () => {
  it.each([
    ['src/a.ts', 'nodejs4.3', 'nodejs22.x'],
    ['src/a.ts', 'python3.12', 'nodejs22.x'],
    ['src/app.py', 'python3.8', 'python3.13'],
    ['src/main/java/App.java', 'java8', 'java21'],
    ['cmd/main.go', 'go1.x', 'provided.al2023'],
  ])('refuses a runtime that does not fit entry file %s (%s) at its line, naming the supported ones', (entry, runtime, supported) => {
    const p = runtimeProblem(runtime, buildpack(entry));
    expect(p?.code).toBe('NXS_RUNTIME_UNSUPPORTED');
    expect(p?.location).toEqual({ file: 'stack.yml', line: 5, column: 16 });
    expect(p?.hint).toContain(supported);
  });

  it('lets a custom artifact use any runtime Lambda has, and nothing else', () => {
    expect(runtimeProblem('python3.12', customArtifact)).toBeUndefined();
    expect(runtimeProblem('nodejs4.3', customArtifact)?.code).toBe('NXS_RUNTIME_UNSUPPORTED');
  });

  it('accepts a supported runtime', () => {
    expect(runtimeProblem('nodejs22.x', buildpack('src/a.ts'))).toBeUndefined();
  });
});
