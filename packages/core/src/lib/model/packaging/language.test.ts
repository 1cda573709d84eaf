import { describe, expect, it } from 'vitest';
import { parseStack } from '../load-stack';
import { entryFileLanguage } from './language';

const javaStack = (entry: string, lang = '') => `resources:
  fn:
    type: function
    properties:
      runtime: java21
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: ${entry}
          handlerFunction: com.example.Hello::handleRequest
${lang}`;

describe('entry file language', () => {
  it('knows source extensions and Java build files', () => {
    expect(entryFileLanguage('src/a.ts')).toBe('node');
    expect(entryFileLanguage('app/handler.py')).toBe('python');
    expect(entryFileLanguage('main.go')).toBe('go');
    expect(entryFileLanguage('src/main/java/com/example/Hello.java')).toBe('java');
    expect(entryFileLanguage('pom.xml')).toBe('java');
    expect(entryFileLanguage('svc/build.gradle.kts')).toBe('java');
    expect(entryFileLanguage('README.md')).toBeUndefined();
  });

  it('accepts a Maven or Gradle build file as a Java entry, with Java languageSpecificConfig', () => {
    const lang = '          languageSpecificConfig:\n            useMaven: true\n            javaVersion: 21\n';
    const stack = parseStack(javaStack('pom.xml', lang), 'stack.yml', { checkPaths: false });
    expect(stack.config.resources.fn.type).toBe('function');
    expect(() => parseStack(javaStack('build.gradle'), 'stack.yml', { checkPaths: false })).not.toThrow();
  });

  it('still rejects an entry file of no known language, at its line', () => {
    expect(() => parseStack(javaStack('notes.txt'), 'stack.yml', { checkPaths: false })).toThrow(expect.objectContaining({ code: 'NXS_UNSUPPORTED_ENTRY_FILE', location: expect.objectContaining({ line: 9 }) }));
  });
});
