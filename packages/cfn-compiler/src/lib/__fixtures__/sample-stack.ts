import { isNxstackError, parseStack, type LoadedStack, type ZipPackageManifest } from '@nxstack/core';
import { stringify } from 'yaml';
import { contentAddressedKey } from '../content-key';
import type { CompiledArtifact } from '../types';
import { validateStack } from '../validate-stack';

export const STACK_FILE = 'apps/api/stack.yml';

/**
 * stack.yml as a test writes it: plain data, with directives as the objects the loader produces
 * (`{ $directive: 'ResourceParam', ... }`); `stackYaml` writes them back as `$ResourceParam(...)`.
 */
export type StackYamlData = { resources: Record<string, { type: string; properties?: Record<string, any>; overrides?: Record<string, unknown> }>; [key: string]: unknown };

type DirectiveObject = { $directive: string; [k: string]: unknown };
const isDirectiveObject = (v: unknown): v is DirectiveObject => typeof v === 'object' && v !== null && typeof (v as DirectiveObject).$directive === 'string';

function directiveText(d: DirectiveObject): string {
  if (d.$directive === 'Join') return (d.parts as unknown[]).map((p) => (typeof p === 'string' ? p : directiveText(p as DirectiveObject))).join('');
  const args = d.$directive === 'ResourceParam' ? [d.resource, d.param] : d.$directive === 'CfResourceParam' ? [d.logicalId, d.attribute] : [d.name];
  return `$${d.$directive}(${args.map((a) => `'${String(a)}'`).join(', ')})`;
}

function toYamlData(value: unknown): unknown {
  if (isDirectiveObject(value)) return directiveText(value);
  if (Array.isArray(value)) return value.map(toYamlData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toYamlData(v)]));
  return value;
}

/** The stack.yml text of a config. */
export function stackYaml(config: StackYamlData): string {
  return stringify(toYamlData(config));
}

/**
 * A stack loaded by core's real parser (validation, defaults, locations), as the deployer and the
 * synth executor load it; `located` remembers which config paths the compiler asked to locate.
 */
export function parsedFixtureStack(config: StackYamlData): LoadedStack & { located: string[] } {
  const stack = parseStack(stackYaml(config), STACK_FILE, { workspaceRoot: process.cwd(), checkPaths: false });
  const located: string[] = [];
  return {
    ...stack,
    located,
    locate(path) {
      located.push(path.join('.'));
      return stack.locate(path);
    },
  };
}

/** The issue's sample: a buildpack function reading the bucket name, a custom-artifact function, a bucket. */
export function sampleConfig(): StackYamlData {
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

/** The located error `validateStack` raises for `config` (project `api`, stage `dev`); fails when it raises none. */
export function validationError(config: StackYamlData): { code: string; line?: number; message: string } {
  try {
    validateStack({ stack: parsedFixtureStack(config), projectName: 'api', stage: 'dev' });
  } catch (e) {
    if (isNxstackError(e)) return { code: e.code, line: e.location?.line, message: e.message };
    throw e;
  }
  throw new Error('expected a compile error');
}
