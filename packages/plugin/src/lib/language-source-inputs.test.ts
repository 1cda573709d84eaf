import { describe, expect, it } from 'vitest';
import { buildpackSourceInputs } from './language-source-inputs';
import { packageInputs, projectSourceInputs } from './package-inputs';
import { tmpWorkspace } from './__fixtures__/workspace';

const POM = '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>y</artifactId><version>1</version></project>';

/** A polyglot project: one folder per language, as e2e/polyglot-workspace lays it out. */
function polyglot(extra: Record<string, string> = {}): string {
  return tmpWorkspace({
    'svc/stack.yml': 'resources: {}\n',
    'svc/python/requirements.txt': '-r base.txt\nrequests==2.32.3\n',
    'svc/python/base.txt': 'idna\n',
    'svc/python/src/handler.py': 'def handler(e, c):\n    return 1\n',
    'svc/go/go.mod': 'module example.com/x\n\ngo 1.21\n',
    'svc/go/main.go': 'package main\n',
    'svc/java/pom.xml': POM,
    'svc/java/src/main/java/x/H.java': 'package x;\n',
    ...extra,
  });
}

describe('buildpackSourceInputs', () => {
  it('Python: the entry folder tree, the dependency files beside packageManagerFile and its -r includes', () => {
    const root = polyglot();
    const inputs = buildpackSourceInputs(root, 'svc', {
      language: 'python',
      entryfilePath: 'python/src/handler.py',
      languageSpecificConfig: { packageManagerFile: 'python/requirements.txt' },
    });
    expect(inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/svc/python/src/**/*', '{workspaceRoot}/svc/python/requirements.txt', '{workspaceRoot}/svc/python/base.txt']),
    );
    expect(inputs!.some((i) => i.includes('/go') || i.includes('/java'))).toBe(false);
  });

  it('Python without packageManagerFile looks for dependency files at the project root; includeFiles are added', () => {
    const inputs = buildpackSourceInputs(polyglot(), 'svc', { language: 'python', entryfilePath: 'python/src/handler.py', includeFiles: ['config/*.json'] });
    expect(inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/svc/requirements.txt', '{workspaceRoot}/svc/poetry.lock', '{workspaceRoot}/svc/config/*.json']));
  });

  it('Go: the module folder (nearest go.mod) and a project go.work', () => {
    expect(buildpackSourceInputs(polyglot(), 'svc', { language: 'go', entryfilePath: 'go/main.go' })).toEqual(['{workspaceRoot}/svc/go/**/*', '{workspaceRoot}/svc/go.work']);
  });

  it('Java: a standalone Maven build root', () => {
    expect(buildpackSourceInputs(polyglot(), 'svc', { language: 'java', entryfilePath: 'java/src/main/java/x/H.java' })).toEqual(['{workspaceRoot}/svc/java/**/*']);
  });

  it('keeps the whole project when the build may read outside the folder', () => {
    const root = polyglot({
      'svc/go/go.mod': 'module example.com/x\n\ngo 1.21\n\nreplace example.com/lib => ../lib\n',
      'svc/java/pom.xml': POM.replace('<modelVersion>', '<parent><groupId>p</groupId><artifactId>p</artifactId><version>1</version></parent><modelVersion>'),
      'svc/gradle/build.gradle': '',
      'svc/gradle/src/main/java/G.java': '',
      'svc/nomod/main.go': 'package main\n',
    });
    expect(buildpackSourceInputs(root, 'svc', { language: 'go', entryfilePath: 'go/main.go' })).toBeUndefined();
    expect(buildpackSourceInputs(root, 'svc', { language: 'go', entryfilePath: 'nomod/main.go' })).toBeUndefined();
    expect(buildpackSourceInputs(root, 'svc', { language: 'java', entryfilePath: 'java/src/main/java/x/H.java' })).toBeUndefined();
    expect(buildpackSourceInputs(root, 'svc', { language: 'java', entryfilePath: 'gradle/src/main/java/G.java' })).toBeUndefined();
    expect(buildpackSourceInputs(root, 'svc', { language: 'python', entryfilePath: 'python/src/handler.py', includeFiles: ['../../etc/passwd'] })).toBeUndefined();
  });
});

describe('packageInputs of a Python/Go/Java function', () => {
  it('uses the narrowed folders with the project exclusions as workspace file sets', () => {
    const root = polyglot();
    const inputs = packageInputs({ resource: 'goFn', kind: 'lambda-buildpack', language: 'go', isScript: false, source: { entryfilePath: 'go/main.go' } }, 'svc', root);
    expect(inputs).toEqual(['{workspaceRoot}/svc/go/**/*', '{workspaceRoot}/svc/go.work', '!{workspaceRoot}/svc/stack.yml', '!{workspaceRoot}/svc/**/*.test.*', '!{workspaceRoot}/svc/**/*.spec.*', '!{workspaceRoot}/svc/**/__tests__/**', { runtime: 'go version' }]);
  });

  it('falls back to the whole project without packaging details', () => {
    const inputs = packageInputs({ resource: 'goFn', kind: 'lambda-buildpack', language: 'go', isScript: false }, 'svc', polyglot());
    expect(inputs).toEqual([...projectSourceInputs(), { runtime: 'go version' }]);
  });
});
