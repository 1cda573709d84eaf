import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLayers, type Image } from '@nxstack/image-builder';
import { busyboxBaseImage, dockerClient, loadIntoDocker } from '../../../../image-builder/src/__fixtures__/busybox-base';
import { startServiceContainer } from './service-container';
import { startServiceProcess } from './service-process';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-service-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Enough output that the last of it is still in the pipe (or the engine's stream) when the process ends. */
const LINES = 2000;
const expected = Array.from({ length: LINES }, (_, i) => `  [svc] line ${i} ${'x'.repeat(60)}`);

/** Whether the process has ended (a zombie not yet reaped by its new parent counts as ended). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return true;
  }
}

describe('a service that prints and ends at once', () => {
  it('as a host process: everything it printed is logged before its end is told', async () => {
    const appDir = path.join(root, 'app');
    mkdirSync(appDir, { recursive: true });
    writeFileSync(path.join(appDir, 'main.js'), `for (let i = 0; i < ${LINES}; i++) process.stdout.write('line ' + i + ' ' + 'x'.repeat(60) + '\\n');\nprocess.exitCode = 3;\n`);
    const image = { config: { config: { Entrypoint: ['node'], Cmd: ['/app/main.js'], WorkingDir: '/app' } } } as unknown as Image;
    const log: string[] = [];
    const service = startServiceProcess({ resource: 'svc', image, appDir, environment: {}, hostEnv: process.env, log: (l) => log.push(l) });
    const how = await service.exited;
    const seen = log.length;
    expect(how).toBe('exit code 3');
    expect(log).toEqual(expected);
    expect(seen).toBe(LINES);
  });

  it('as a host process whose child still holds its output: the child ends with it (as in a container), then its end is told', async () => {
    const appDir = path.join(root, 'parent');
    mkdirSync(appDir, { recursive: true });
    // The child inherits stdout and would sleep on; the service itself fails at once.
    writeFileSync(path.join(appDir, 'main.js'), `const c = require('node:child_process').spawn('sleep', ['60'], { stdio: ['ignore', 'inherit', 'inherit'] });\nconsole.log('child ' + c.pid);\nprocess.exit(1);\n`);
    const image = { config: { config: { Entrypoint: ['node'], Cmd: ['/app/main.js'], WorkingDir: '/app' } } } as unknown as Image;
    const log: string[] = [];
    const service = startServiceProcess({ resource: 'svc', image, appDir, environment: {}, hostEnv: process.env, log: (l) => log.push(l) });
    expect(await service.exited).toBe('exit code 1');
    const child = Number(/child (\d+)/.exec(log.join('\n'))?.[1]);
    expect(child).toBeGreaterThan(0);
    expect(gone(child)).toBe(true);
  });

  it('as a container: its exit code (the container is not gone before it is read) and everything it printed before that', async () => {
    const docker = dockerClient();
    const tag = 'nxs-test/service-output:1';
    const script = `i=0; while [ $i -lt ${LINES} ]; do echo "line $i ${'x'.repeat(60)}"; i=$((i+1)); done; exit 3`;
    await loadIntoDocker(appendLayers(await busyboxBaseImage(), [], { cmd: ['sh', '-c', script] }), tag);
    const log: string[] = [];
    const service = await startServiceContainer({ docker, image: tag, resource: 'svc', projectName: 'output-test', environment: {}, log: (l) => log.push(l) });
    const how = await service.exited;
    const seen = log.length;
    expect(how).toBe('exit code 3');
    expect(seen).toBe(LINES);
    expect(log).toEqual(expected);
    // Removed once its exit code was read.
    expect(await docker.getContainer(service.containerId!).inspect().then(() => 'present', (e: { statusCode?: number }) => e.statusCode)).toBe(404);
  });
});
