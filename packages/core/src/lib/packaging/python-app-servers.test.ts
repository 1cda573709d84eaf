import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStack } from '../model/load-stack';
import { StackLoadError } from '../model/stack-load-error';
import { PYTHON_APP_SERVER_REQUIREMENTS, pythonAppServerCommand, splitPythonAppEntry } from './python-app-servers';

const fixtures = join(__dirname, '..', 'model', '__fixtures__', 'compute');

function problems(yaml: string) {
  try {
    parseStack(yaml, 'stack.yml', { workspaceRoot: fixtures });
    return [];
  } catch (e) {
    if (!(e instanceof StackLoadError)) throw e;
    return e.problems.map((p) => [p.code, p.location?.line, p.message]);
  }
}

const service = (entry: string, lsc: string) =>
  `resources:\n  web:\n    type: web-service\n    properties:\n      resources: { cpu: 0.25, memory: 512 }\n      packaging:\n        type: stacktape-image-buildpack\n        properties:\n          entryfilePath: ${entry}\n          languageSpecificConfig: ${lsc}\n`;

describe('runAppAs (python app servers)', () => {
  it('splits `file.py:callable` and leaves other entries whole', () => {
    expect(splitPythonAppEntry('src/app.py:app')).toEqual({ file: 'src/app.py', callable: 'app' });
    expect(splitPythonAppEntry('src/app.py')).toEqual({ file: 'src/app.py' });
    expect(splitPythonAppEntry('src/app.py:not-an-identifier')).toEqual({ file: 'src/app.py:not-an-identifier' });
  });

  it('pins every server requirement exactly', () => {
    for (const pins of Object.values(PYTHON_APP_SERVER_REQUIREMENTS)) for (const pin of pins) expect(pin).toMatch(/^[\w-]+==\d[\w.]*(; .+)?$/);
    expect(pythonAppServerCommand('ASGI', 'main:app').slice(0, 2)).toEqual(['python', '-c']);
    expect(pythonAppServerCommand('ASGI', 'main:app').slice(3)).toEqual(['ASGI', 'main:app']);
  });

  it('accepts a service entry `file.py:app` whose file exists; refuses a missing callable, a bad value and a function', () => {
    expect(problems(service('src/web.ts', '{}'))).toEqual([]);
    // the fixture folder has no .py file: the path check looks at the file part only
    expect(problems(service('src/missing.py:app', '{ runAppAs: WSGI }')).map((p) => p[0])).toEqual(['NXS_PATH_NOT_FOUND']);
    expect(problems(service('src/missing.py', '{ runAppAs: WSGI }')).map((p) => p[0])).toEqual(['NXS_RUN_APP_AS_INVALID', 'NXS_PATH_NOT_FOUND']);
    expect(problems(service('src/missing.py:app', '{ runAppAs: CGI }'))[0]?.[0]).toBe('NXS_INVALID_VALUE');
    const fn = `resources:\n  fn:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/hello.ts\n          languageSpecificConfig: { runAppAs: ASGI }\n`;
    expect(problems(fn).map((p) => p[0])).toContain('NXS_RUN_APP_AS_INVALID');
  });
});
