// Public API of @nxstack/cfn-compiler.
export {};
