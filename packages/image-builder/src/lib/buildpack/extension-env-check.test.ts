import { createTar, isNxstackError, type NxstackError, type TarEntry } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../oci/image';
import { layerFromTar } from '../oci/layer';
import { MediaTypes } from '../oci/media-types';
import { checkExtensionWiring, type WiringVariable } from './extension-env-check';

async function imageWith(entries: TarEntry[], env: string[] = []) {
  return imageFrom({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Env: env, WorkingDir: '/var/task' } }, [layerFromTar(await createTar(entries))], MediaTypes.ociManifest, MediaTypes.ociConfig);
}

const files: TarEntry[] = [
  { path: 'opt/wrapper.sh', mode: 0o755, content: '#!/bin/sh\nexec "$@"\n' },
  { path: 'opt/not-exec.sh', mode: 0o644, content: '#!/bin/sh\n' },
  { path: 'opt/java/agent.jar', content: 'jar' },
  { path: 'opt/nodejs/node_modules/tracer/init.js', content: '' },
  { path: 'var/task/preload.js', content: '' },
  { path: 'opt/bin/wrap', type: 'symlink', linkTarget: '../wrapper.sh' },
];

const at = (line: number) => ({ file: '/ws/p/stack.yml', line, column: 16 });
const v = (name: string, value: string, line = 7): WiringVariable => ({ name, value, location: at(line) });

async function failure(vars: WiringVariable[], env: string[] = []): Promise<NxstackError> {
  const e = await checkExtensionWiring(await imageWith(files, env), vars, { file: '/ws/p/stack.yml', line: 3 }).then(() => undefined, (x: unknown) => x);
  if (!isNxstackError(e)) throw new Error(`expected an NxstackError, got ${String(e)}`);
  return e;
}

describe('extension wiring variables', () => {
  it('accepts paths the image has: an executable wrapper (through a symlink), a -javaagent jar with options, --require files and modules', async () => {
    const image = await imageWith(files);
    await expect(checkExtensionWiring(image, [
      v('AWS_LAMBDA_EXEC_WRAPPER', '/opt/bin/wrap'),
      v('JAVA_TOOL_OPTIONS', '-Xmx512m -javaagent:/opt/java/agent.jar=mode=fast'),
      v('NODE_OPTIONS', '--enable-source-maps -r ./preload --require=tracer/init'),
    ])).resolves.toBeUndefined();
  });

  it('refuses a missing wrapper at the stack.yml line of the variable, naming what /opt holds', async () => {
    const e = await failure([v('AWS_LAMBDA_EXEC_WRAPPER', '/opt/wraper.sh', 12)]);
    expect(e.code).toBe('NXS_EXTENSION_PATH_MISSING');
    expect(e.location).toEqual(at(12));
    expect(e.message).toContain('/opt/wraper.sh');
    expect(e.hint).toContain('/opt/wrapper.sh');
  });

  it('refuses a wrapper that is not executable', async () => {
    const e = await failure([v('AWS_LAMBDA_EXEC_WRAPPER', '/opt/not-exec.sh')]);
    expect(e.message).toContain('not executable (mode 0644)');
  });

  it('refuses a missing -javaagent jar and a missing --require module', async () => {
    expect((await failure([v('JAVA_TOOL_OPTIONS', '-javaagent:/opt/java/other.jar')])).message).toContain('/opt/java/other.jar');
    expect((await failure([v('NODE_OPTIONS', '--require missing-tracer')])).message).toContain('no module missing-tracer');
    expect((await failure([v('NODE_OPTIONS', '-r /opt/nodejs/absent.js')])).message).toContain('/opt/nodejs/absent.js');
  });

  it("checks the image's own Env too (located at the packaging), and stack.yml's value wins over it", async () => {
    const e = await failure([], ['AWS_LAMBDA_EXEC_WRAPPER=/opt/nowhere']);
    expect(e.location).toEqual({ file: '/ws/p/stack.yml', line: 3 });
    await expect(checkExtensionWiring(await imageWith(files, ['AWS_LAMBDA_EXEC_WRAPPER=/opt/nowhere']), [v('AWS_LAMBDA_EXEC_WRAPPER', '/opt/wrapper.sh')])).resolves.toBeUndefined();
  });
});
