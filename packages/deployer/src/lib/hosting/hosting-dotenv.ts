/**
 * A hosting-bucket's `writeDotenvFilesTo` (Stacktape semantics): after each deploy (its upload
 * done), `<writeDotenvFilesTo>/.env.<stage>` gets the stage's resolved injectEnvironment values,
 * merged into what the file already holds (the deployed values win). On the local stage that
 * file is `.env.local`, with the local values, which build tools such as Vite read.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatDotenv } from '@nxstack/connect-to';
import { parseDotenv, resolveInsideWorkspace, type HostingBucketProperties, type LoadedStack } from '@nxstack/core';
import { injectedEnvironment } from './hosting-injected-env';

export async function writeHostingDotenvFiles(o: { workspaceRoot: string; stack: LoadedStack; stage: string; outputs: Readonly<Record<string, string>>; log: (line: string) => void }): Promise<string[]> {
  const written: string[] = [];
  for (const [name, r] of Object.entries(o.stack.config.resources)) {
    const props = r.type === 'hosting-bucket' ? (r.properties as HostingBucketProperties) : undefined;
    if (props?.writeDotenvFilesTo === undefined) continue;
    const at = ['resources', name, 'properties', 'writeDotenvFilesTo'];
    const dir = resolveInsideWorkspace(o.stack.dir, props.writeDotenvFilesTo, { workspaceRoot: o.workspaceRoot, what: 'writeDotenvFilesTo', location: o.stack.locate(at) });
    const values = injectedEnvironment(o.stack, name, props, o.outputs, { code: 'NXS_HOSTING_UPLOAD_FAILED', hint: 'Deploy again: the stack update that writes it did not complete.' }) ?? {};
    const file = path.join(dir, `.env.${o.stage}`);
    const existing = existsSync(file) ? parseDotenv(await readFile(file, 'utf8')) : {};
    await mkdir(dir, { recursive: true });
    await writeFile(file, formatDotenv({ ...existing, ...values }));
    o.log(`${name}: wrote ${Object.keys(values).join(', ')} to ${path.relative(o.workspaceRoot, file).split(path.sep).join('/')}`);
    written.push(file);
  }
  return written;
}
