// Public API of @nxstack/deployer.
export {};
