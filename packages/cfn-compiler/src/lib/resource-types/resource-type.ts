import type { SourceLocation } from '@nxstack/core';
import type { TemplateBuilder, ResourceOrigin } from '../template-builder';
import type { CompiledArtifact, StackResourceConfig } from '../types';

export type StackPath = ReadonlyArray<string | number>;

/** What a resource type module gets to compile one stack.yml resource. */
export interface ResourceCompileContext {
  /** Resource name as written in stack.yml (`myLambda`). */
  readonly name: string;
  readonly config: StackResourceConfig;
  readonly properties: Record<string, unknown>;
  /** Path of the resource in stack.yml: `['resources', name]`. */
  readonly path: StackPath;
  readonly origin: ResourceOrigin;
  readonly builder: TemplateBuilder;
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  /** Compile time, for checks that depend on the date (runtime deprecation). */
  readonly now: Date;
  locate(path: StackPath): SourceLocation;
  /** Records a warning the caller prints; compilation goes on. */
  warn(message: string): void;
  /** Turns directive objects anywhere inside `value` into CloudFormation intrinsics. */
  resolve(value: unknown, path: StackPath): unknown;
  /** The published artifact of this resource; throws NXS_ARTIFACT_MISSING when there is none. */
  artifact(): CompiledArtifact;
}

/**
 * One module per `type:` in stack.yml. `params` is the table `$ResourceParam('<name>', '<param>')`
 * resolves through; `outputs` lists which params become stack Outputs (Output key = logical id
 * prefix + suffix) so the deployer can report them and local runs can resolve them.
 */
export interface ResourceTypeModule {
  readonly type: string;
  readonly params: Readonly<Record<string, (resourceName: string) => unknown>>;
  /** Output key suffix → param name, e.g. `{ Arn: 'arn', Name: 'name' }`. */
  readonly outputs: Readonly<Record<string, string>>;
  /** True when the resource has a `package--<name>` zip artifact the compiler needs. */
  readonly packaged?: boolean;
  compile(ctx: ResourceCompileContext): void;
}

/** `{ Ref }` / `{ Fn::GetAtt }` helpers so param tables read like the CloudFormation they emit. */
export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const sub = (text: string) => ({ 'Fn::Sub': text });
