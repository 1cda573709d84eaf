// stack.yml model: schema (zod), loader with file:line:column errors, directives.
export * from './common-schemas';
export * from './did-you-mean';
export * from './directives';
export { parseDirectiveString } from './directive-parser';
export * from './packaging';
export * from './resource-types';
export * from './stack-schema';
export * from './stack-load-error';
export * from './load-stack';
export { RESOURCE_NAME_PATTERN, RESOURCE_NAME_MAX_LENGTH } from './semantic-checks';
export type { ConfigPath } from './yaml-source';
export * from './cf-resource-params';
export * from './stage-name';
export * from './json-schema';
export * from './schedule-expression';
export * from './fargate-sizes';
export * from './cfn-attributes';
export * from './lambda-runtimes';
