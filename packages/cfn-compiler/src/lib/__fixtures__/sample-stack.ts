import type { ZipPackageManifest } from '@nxstack/core';
import { contentAddressedKey } from '../content-key';
import type { CompiledArtifact, LoadedStackLike, StackConfigLike } from '../types';

export const STACK_FILE = 'apps/api/stack.yml';

/** A LoadedStack built by hand: `locate` answers a fixed position and remembers what was asked. */
export function handStack(config: StackConfigLike): LoadedStackLike & { located: string[] } {
  const located: string[] = [];
  return {
    file: STACK_FILE,
    config,
    located,
    locate(path) {
      located.push(path.join('.'));
      return { file: STACK_FILE, line: 12, column: 5 };
    },
  };
}

/** The sample: a buildpack function reading the bucket name, a custom-artifact function, a bucket. */
export function sampleConfig(): StackConfigLike {
  return {
    resources: {
      myLambda: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/handler.ts' } },
          memory: 512,
          timeout: 30,
          environment: [
            { name: 'BUCKET_NAME', value: { $directive: 'ResourceParam', resource: 'uploads', param: 'name' } },
            { name: 'GREETING', value: 'hello' },
            { name: 'RETRIES', value: 3 },
          ],
          iamRoleStatements: [
            { Sid: 'ReadUploads', Action: ['s3:GetObject'], Resource: [{ $directive: 'Join', parts: [{ $directive: 'ResourceParam', resource: 'uploads', param: 'arn' }, '/*'] }] },
          ],
        },
      },
      legacyTool: {
        type: 'function',
        properties: {
          packaging: { type: 'custom-artifact', properties: { packagePath: 'tools/legacy', handler: 'main.handler' } },
          runtime: 'python3.12',
        },
      },
      uploads: {
        type: 'bucket',
        properties: { versioning: true, cors: { enabled: true } },
      },
    },
  };
}

export function manifest(resource: string, over: Partial<ZipPackageManifest> = {}): ZipPackageManifest {
  return {
    kind: 'zip',
    resource,
    artifact: `${resource}.zip`,
    sha256: 'a'.repeat(64),
    size: 1234,
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    architecture: 'x86_64',
    packager: 'node',
    ...over,
  };
}

export function artifact(projectName: string, m: ZipPackageManifest, bucket = 'nxstack-api-dev-deployment'): CompiledArtifact {
  return { ...m, location: { bucket, key: contentAddressedKey(projectName, m.resource, m) } };
}

export function sampleArtifacts(projectName = 'api', shaOfMyLambda = 'a'.repeat(64)): Record<string, CompiledArtifact> {
  return {
    myLambda: artifact(projectName, manifest('myLambda', { sha256: shaOfMyLambda, environment: { NODE_OPTIONS: '--enable-source-maps' } })),
    legacyTool: artifact(projectName, manifest('legacyTool', { sha256: 'b'.repeat(64), handler: 'main.handler', runtime: 'python3.12', packager: 'custom-artifact' })),
  };
}
