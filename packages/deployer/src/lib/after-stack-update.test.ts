import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStack } from '@nxstack/core';
import { afterEach, describe, expect, it } from 'vitest';
import { afterStackUpdate } from './after-stack-update';

describe('afterStackUpdate (what deploy and promote both do after the stack update)', () => {
  let ws = '';
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it("writes a hosting-bucket's writeDotenvFilesTo .env.<stage> with the deployed values, and says so", async () => {
    ws = mkdtempSync(join(tmpdir(), 'after-stack-update-'));
    const text = [
      'resources:',
      '  web:',
      '    type: hosting-bucket',
      '    properties:',
      '      uploadDirectoryPath: ./dist',
      '      writeDotenvFilesTo: ./app',
      '      injectEnvironment:',
      '        - name: API_URL',
      "          value: https://api.example.com",
      '',
    ].join('\n');
    const stack = parseStack(text, 'web/stack.yml', { workspaceRoot: ws, checkPaths: false });
    const lines: string[] = [];
    await afterStackUpdate({ workspaceRoot: ws, projectName: 'web', stack, stage: 'prod', local: false, outputs: { WebInjectedEnv0: 'https://api.example.com' }, env: {}, log: (l) => lines.push(l) });
    expect(readFileSync(join(ws, 'web', 'app', '.env.prod'), 'utf8')).toContain('API_URL=https://api.example.com');
    expect(lines).toContain('web: wrote API_URL to web/app/.env.prod');
  });

  it('fails loudly when the updated stack lacks the output a dotenv value comes from', async () => {
    ws = mkdtempSync(join(tmpdir(), 'after-stack-update-'));
    const stack = parseStack('resources:\n  web:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: ./dist\n      writeDotenvFilesTo: ./app\n      injectEnvironment:\n        - name: A\n          value: b\n', 'web/stack.yml', { workspaceRoot: ws, checkPaths: false });
    await expect(afterStackUpdate({ workspaceRoot: ws, projectName: 'web', stack, stage: 'prod', local: false, outputs: {}, env: {}, log: () => undefined })).rejects.toMatchObject({ code: 'NXS_HOSTING_UPLOAD_FAILED' });
  });
});
