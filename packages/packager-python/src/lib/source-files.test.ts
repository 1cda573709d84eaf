import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace, writeFiles, zipEntries } from '../test-support/workspace';
import { packagePythonFunction } from './package-python';
import { selectSourceFiles } from './source-files';

describe('source file selection', () => {
  it('a project at the workspace root never packages its own output, cache or node_modules', async () => {
    const ws = await tempWorkspace();
    await writeFiles(ws, { 'app.py': 'def handler(event, context):\n    return 1\n', 'node_modules/x/index.js': '', 'README.md': 'hi\n' });
    const opts = { workspaceRoot: ws, projectRoot: '.', resourceName: 'root', entryfilePath: 'app.py', includeFiles: ['**/*.md'] };
    await packagePythonFunction(opts);
    await writeFiles(ws, { 'node_modules/.cache/nxstack/python-deps/k/dependencies.zip': 'x', '.nxstack/local/x.json': '{}' });
    const second = await packagePythonFunction(opts);
    expect([...(await zipEntries(second.artifactFile)).keys()]).toEqual(['README.md', 'app.py']);
  });

  it('handler names: module from the file, function checked in the source', async () => {
    const ws = await tempWorkspace();
    await writeFiles(ws, { 'src/svc/main.py': 'from .impl import handle as lambda_handler\n\nasync def other(event, context):\n    pass\n' });
    expect((await selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: 'src/svc/main.py', handlerFunction: 'lambda_handler' })).handler).toBe('main.lambda_handler');
    expect((await selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: 'src/svc/main.py', handlerFunction: 'other' })).handler).toBe('main.other');
    await expect(selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: 'src/svc/main.py' })).rejects.toMatchObject({ code: 'NXS_PYTHON_HANDLER_NOT_FOUND' });
    await expect(selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: 'src/svc/main.py', handlerFunction: 'a-b' })).rejects.toMatchObject({ code: 'NXS_PYTHON_HANDLER_INVALID' });
    await expect(selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: 'src/svc/missing.py' })).rejects.toMatchObject({ code: 'NXS_PYTHON_ENTRY_NOT_FOUND' });
    await expect(selectSourceFiles({ workspaceRoot: ws, projectRoot: ws, entryfilePath: path.join('src', 'svc') })).rejects.toMatchObject({ code: 'NXS_PYTHON_ENTRY_NOT_PYTHON' });
  });
});
