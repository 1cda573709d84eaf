// Public API of @nxstack/packager-node.
export * from './lib/options';
export { normalizeOptions, esbuildTargetForRuntime, DEFAULT_NODE_RUNTIME } from './lib/normalize-options';
export { packageNodeFunction, packageNodeFunctions } from './lib/package-node-function';
export { INPUTS_FILE, type InputsFile } from './lib/assemble-zip';
export { nodeDepsCacheDir } from './lib/install-externals';
