/**
 * Custom Dockerfile builds through dockerode (classic builder, network mode none so no build
 * reaches the network). Output streams line by line as progress; a failing step becomes an
 * NxstackError carrying the engine's message. The image is then exported into our model.
 */
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
  /** `none` (default) or `host`: the test engine runs without a bridge network. */
  readonly networkMode?: 'none' | 'host' | 'default';
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
  try {
    stream = await o.docker.buildImage(
      // dockerode accepts a Buffer body for the context tar.
      o.context.tar as unknown as NodeJS.ReadableStream,
      {
        t: o.tag,
        dockerfile: o.context.dockerfile,
        buildargs: { ...o.buildArgs },
        labels: o.labels ? { ...o.labels } : undefined,
        networkmode: o.networkMode ?? 'none',
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
    const unknownBase = /^Step \d+\/\d+ : FROM /i.test(lastStep ?? '') || /pull access denied|manifest unknown|repository does not exist/i.test(message);
    throw new NxstackError(unknownBase ? 'NXS_BASE_IMAGE_NOT_FOUND' : 'NXS_DOCKER_BUILD_FAILED', `Docker build failed: ${message}`, {
      location: o.location,
      hint: unknownBase
        ? 'The FROM image is not available to the engine: push it to a registry the engine can reach or load it (docker load) first.'
        : `Last output:\n${lines.slice(-8).join('\n')}`,
    });
  }
  const info = await o.docker.getImage(o.tag).inspect();
  return { image: await exportFromEngine(o.docker, o.tag), imageId: info.Id, labels: info.Config?.Labels ?? {} };
}
