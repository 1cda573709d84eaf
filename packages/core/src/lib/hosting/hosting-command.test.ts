import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../model/load-stack';
import { StackLoadError } from '../model/stack-load-error';
import { hostingCommandArgv, runHostingBuild } from './hosting-command';

/** A workspace holding site/stack.yml with one hosting-bucket `web` whose extra properties are `props`. */
function workspace(props: string): string {
  const ws = mkdtempSync(join(tmpdir(), 'nxs-hosting-build-'));
  mkdirSync(join(ws, 'site', 'app'), { recursive: true });
  writeFileSync(join(ws, 'site', 'app', 'build.mjs'), "import { mkdirSync, writeFileSync } from 'node:fs';\nmkdirSync('../dist', { recursive: true });\nwriteFileSync('../dist/index.html', JSON.stringify(process.argv.slice(2)));\n");
  writeFileSync(join(ws, 'site', 'stack.yml'), `resources:\n  web:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: ./dist\n${props}`);
  return ws;
}

const build = async (ws: string) => runHostingBuild({ workspaceRoot: ws, stack: await loadStack(join(ws, 'site', 'stack.yml'), { workspaceRoot: ws }), resource: 'web', log: () => undefined });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { code: string; location?: { line?: number }; message: string }) => [e.code, e.location?.line, e.message]);

describe('hosting-bucket build', () => {
  it("splits the command as Stacktape does: whitespace, double-quoted parts whole (quotes removed), no shell", () => {
    expect(hostingCommandArgv('npm run build')).toEqual(['npm', 'run', 'build']);
    expect(hostingCommandArgv('  node  build.mjs "a b" --out=dist ')).toEqual(['node', 'build.mjs', 'a b', '--out=dist']);
    expect(hostingCommandArgv("echo $HOME && ls 'x y'")).toEqual(['echo', '$HOME', '&&', 'ls', "'x", "y'"]);
  });

  it('runs the command in workingDirectory (relative to stack.yml) and checks it left uploadDirectoryPath behind', async () => {
    const ws = workspace('      build:\n        command: node build.mjs "two words" $NOT_EXPANDED\n        workingDirectory: app\n');
    await build(ws);
    expect(JSON.parse(readFileSync(join(ws, 'site', 'dist', 'index.html'), 'utf8'))).toEqual(['two words', '$NOT_EXPANDED']);
  });

  it('fails with its location when the command fails, is not found, or writes no upload folder', async () => {
    expect(await failure(build(workspace('      build:\n        command: node -e "process.exit(3)"\n')))).toEqual(['NXS_HOSTING_BUILD_FAILED', 7, "hosting-bucket 'web': build `node -e \"process.exit(3)\"` failed: it exited with code 3"]);
    expect(await failure(build(workspace('      build:\n        command: no-such-tool-xyz build\n'))))
      .toEqual(['NXS_HOSTING_BUILD_FAILED', 7, "hosting-bucket 'web': build `no-such-tool-xyz build` failed: 'no-such-tool-xyz' was not found (the command runs without a shell, as Stacktape runs it)"]);
    const ws = workspace('      build:\n        command: node -e 0\n');
    expect(await failure(build(ws))).toEqual(['NXS_PATH_NOT_FOUND', 5, "hosting-bucket 'web': the build finished but uploadDirectoryPath './dist' does not exist"]);
    expect(existsSync(join(ws, 'site', 'dist'))).toBe(false);
  });

  it('refuses a workingDirectory that does not exist, and writeDotenvFilesTo without injectEnvironment, when stack.yml loads', async () => {
    const ws = workspace('      build: { command: npm run build, workingDirectory: ./nope }\n      dev: { command: npm run dev, workingDirectory: ../.. }\n      writeDotenvFilesTo: ./\n');
    const problems = await loadStack(join(ws, 'site', 'stack.yml'), { workspaceRoot: ws }).then(() => [], (e: StackLoadError) => e.problems.map((p) => [p.code, p.location?.line]));
    expect(problems).toEqual([['NXS_PATH_NOT_FOUND', 6], ['NXS_PATH_OUTSIDE_WORKSPACE', 7], ['NXS_MISSING_PROPERTY', 8]]);
  });
});
