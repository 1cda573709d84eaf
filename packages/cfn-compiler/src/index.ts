// Public API of @nxstack/cfn-compiler.
export { compileStack, MAX_TEMPLATE_BYTES } from './lib/compile-stack';
export { contentAddressedKey } from './lib/content-key';
export { templateHash, canonicalJson, formatTemplate } from './lib/canonical-json';
export { deploymentBucketPlaceholder } from './lib/deployment-bucket';
export { synthStack, collectArtifacts, collectImageArtifacts, defaultTemplatePath, type SynthOptions, type SynthResult } from './lib/synth';
export { logicalId, pascalCase } from './lib/logical-ids';
export { lambdaFunctionName } from './lib/lambda/function-name';
export { DEFAULT_LOG_RETENTION_DAYS } from './lib/lambda/log-retention';
export { secretReference } from './lib/directives';
export { resourceTypeModule, supportedResourceTypes } from './lib/resource-types/registry';
export type { ResourceTypeModule, ResourceCompileContext } from './lib/resource-types/resource-type';
export { TemplateBuilder } from './lib/template-builder';
export { ensureSharedVpc, hasSharedVpc, SHARED_VPC_IDS, type SharedVpc } from './lib/vpc/shared-vpc';
export { imageRepositoryPlaceholder, imageUri } from './lib/image-uri';
export type * from './lib/types';
export { validateStack, type ValidateStackOptions } from './lib/validate-stack';
export { SCRIPT_RUN_TYPE, scriptRunIds } from './lib/deployment-scripts/script-run';
export { RUNNER_LINES, RUNNER_SOURCE } from './lib/deployment-scripts/runner-source';
