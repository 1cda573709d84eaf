/**
 * Custom Dockerfile builds through dockerode (classic builder). RUN steps use the engine's default
 * network unless told otherwise, as `docker build` does; the build targets the function's
 * platform and fails (never silently builds the host's) when the engine cannot. Output streams
 * line by line as progress; a failing step becomes an NxstackError carrying the engine's
 * message. The image is then exported into our model.
 */
import { createHash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type Docker from 'dockerode';
import { NxstackError, type SourceLocation } from '@nxstack/core';
import type { Image } from '../oci/image';
import { exportFromEngine } from './docker-engine';
import type { BuildContext } from './build-context';

export interface DockerBuildOptions {
  readonly docker: Docker;
  readonly context: BuildContext;
  readonly tag: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Network of RUN steps; `default` (or unset) is the engine's default network. */
  readonly networkMode?: 'none' | 'host' | 'default';
  /** `linux/amd64` or `linux/arm64` (see platformOf); checked against the built image. */
  readonly platform?: string;
  readonly onProgress?: (line: string) => void;
  readonly location?: SourceLocation;
}

export interface DockerBuildResult {
  readonly image: Image;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export async function dockerBuild(o: DockerBuildOptions): Promise<DockerBuildResult> {
  let stream: NodeJS.ReadableStream;
  // The context streams to the engine, hashed on the way: it must be the one the build id names.
  const hash = createHash('sha256');
  let sendError: Error | null | undefined;
  const sent = pipeline(o.context.open(), new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } }), (err) => { sendError = err; });
  try {
    stream = await o.docker.buildImage(
      sent,
      {
        t: o.tag,
        dockerfile: o.context.dockerfile,
        buildargs: { ...o.buildArgs },
        labels: o.labels ? { ...o.labels } : undefined,
        ...(o.networkMode && o.networkMode !== 'default' ? { networkmode: o.networkMode } : {}),
        rm: true,
        forcerm: true,
        pull: false,
        version: '1',
        ...(o.platform ? { platform: o.platform } : {}),
      } as Docker.ImageBuildOptions,
    );
  } catch (cause) {
    throw new NxstackError('NXS_DOCKER_BUILD_FAILED', `The Docker engine refused the build: ${(cause as Error).message}`, { location: o.location, hint: 'Check the Dockerfile and the engine logs.', cause });
  }
  const lines: string[] = [];
  const messages: BuildMessage[] = await new Promise((resolve, reject) => {
    o.docker.modem.followProgress(stream, (err: Error | null, res: BuildMessage[]) => (err ? reject(err) : resolve(res)), (m: BuildMessage) => {
      const text = (m.stream ?? m.status ?? '').replace(/\n$/, '');
      if (text) {
        lines.push(text);
        o.onProgress?.(text);
      }
    });
  });
  const failure = messages.find((m) => m.error || m.errorDetail);
  if (failure) {
    const message = failure.errorDetail?.message ?? failure.error ?? 'unknown error';
    // The classic builder prints `Step i/n : INSTR …` before each step: a failing FROM means the base is unavailable.
    const lastStep = [...lines].reverse().find((l) => /^Step \d+\/\d+ : /.test(l));
    if (o.platform && /exec format error|no match for platform|does not match the specified platform|no matching manifest/i.test(message)) throw platformError(o, message);
    const unknownBase = /^Step \d+\/\d+ : FROM /i.test(lastStep ?? '') || /pull access denied|manifest unknown|repository does not exist/i.test(message);
    throw new NxstackError(unknownBase ? 'NXS_BASE_IMAGE_NOT_FOUND' : 'NXS_DOCKER_BUILD_FAILED', `Docker build failed: ${message}`, {
      location: o.location,
      hint: unknownBase
        ? 'The FROM image is not available to the engine: push it to a registry the engine can reach or load it (docker load) first.'
        : `Last output:\n${lines.slice(-8).join('\n')}`,
    });
  }
  // Checked after the engine's own errors: a failed build may stop reading the context early.
  if (sendError) throw new NxstackError('NXS_DOCKER_BUILD_FAILED', `Sending the build context failed: ${sendError.message}`, { location: o.location, hint: 'Check that the build context files are readable.', cause: sendError });
  if (hash.digest('hex') !== o.context.digest) {
    throw new NxstackError('NXS_FILE_CHANGED_WHILE_PACKAGING', 'The build context changed while it was being sent to the engine.', { location: o.location, hint: 'Stop whatever writes into the build context folder (a watcher, a build) and package again.' });
  }
  const info = await o.docker.getImage(o.tag).inspect();
  // The classic builder may fall back to a base of another platform: never hand that on silently.
  if (o.platform && `${info.Os}/${info.Architecture}` !== o.platform) throw platformError(o, `the engine built a ${info.Os}/${info.Architecture} image`);
  return { image: await exportFromEngine(o.docker, o.tag), imageId: info.Id, labels: info.Config?.Labels ?? {} };
}

/** Docker platform of a Lambda/ECS architecture. */
export function platformOf(architecture: 'x86_64' | 'arm64'): string {
  return architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}

function platformError(o: DockerBuildOptions, detail: string): NxstackError {
  return new NxstackError('NXS_DOCKER_PLATFORM_UNSUPPORTED', `The Docker engine cannot build for ${o.platform}: ${detail}.`, {
    location: o.location,
    hint: `Build on a ${o.platform} machine, or let the engine emulate it: install qemu-user-static and register binfmt handlers (e.g. the tonistiigi/binfmt image), and make sure every FROM image has a ${o.platform} variant. Or set the resource's architecture to the engine's.`,
  });
}
