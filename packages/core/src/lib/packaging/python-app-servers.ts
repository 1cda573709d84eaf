/**
 * `languageSpecificConfig.runAppAs` of a Python service (Stacktape's `WSGI` | `ASGI`, entry
 * `path/to/file.py:app`): the image runs the app under gunicorn (WSGI) or uvicorn (ASGI). The one
 * owner of the servers' pinned versions (the Python packager installs exactly these, as wheels
 * from the package index like every dependency), of the folder they go to and of the command
 * that starts them (the image builder's Cmd; serve's process mode runs the image's Cmd).
 */
export type PythonAppServerKind = 'WSGI' | 'ASGI';
export const PYTHON_APP_SERVER_KINDS: readonly PythonAppServerKind[] = ['WSGI', 'ASGI'];

/** Exact pins of each server and everything it needs (a complete set: nothing resolves to "latest"). */
export const PYTHON_APP_SERVER_REQUIREMENTS: Readonly<Record<PythonAppServerKind, readonly string[]>> = {
  WSGI: ['gunicorn==23.0.0', 'packaging==24.2'],
  ASGI: ['uvicorn==0.32.1', 'click==8.1.7', 'h11==0.14.0', 'typing_extensions==4.12.2; python_version < "3.11"'],
};

/**
 * Folder of the artifact (and of the image's dependency layer) holding the server. Kept apart
 * from the app's own dependencies and put last on sys.path, so the app's own copy of a shared
 * package (packaging, click, ...) wins and the two sets never collide in the zip.
 */
export const PYTHON_APP_SERVER_DIR = '_nxstack_app_server';

/** `src/app.py:app` → file `src/app.py`, callable `app` (no suffix: callable undefined). */
export function splitPythonAppEntry(entryfilePath: string): { file: string; callable?: string } {
  const m = /^(.*\.py):([A-Za-z_][A-Za-z0-9_]*)$/.exec(entryfilePath);
  return m ? { file: m[1]!, callable: m[2] } : { file: entryfilePath };
}

// Started with the working directory holding the app (/app in the image): the app's folder first
// on sys.path, the server's last. Binds HOST (default 0.0.0.0) and PORT (the service's port).
const LAUNCHER = [
  'import os, sys',
  `sys.path.insert(0, os.getcwd()); sys.path.append(os.path.join(os.getcwd(), ${JSON.stringify(PYTHON_APP_SERVER_DIR)}))`,
  'kind, app = sys.argv[1], sys.argv[2]',
  "host, port = os.environ.get('HOST', '0.0.0.0'), os.environ.get('PORT', '3000')",
  "if kind == 'ASGI':",
  '    import uvicorn',
  '    uvicorn.run(app, host=host, port=int(port))',
  'else:',
  '    from gunicorn.app.wsgiapp import run',
  "    sys.argv = ['gunicorn', '--bind', host + ':' + port, '--access-logfile', '-', app]",
  '    run()',
].join('\n');

/** argv that runs `module:callable` under the kind's server, with `python` the interpreter named first. */
export function pythonAppServerCommand(kind: PythonAppServerKind, app: string): string[] {
  return ['python', '-c', LAUNCHER, kind, app];
}
