// Public API of @nxstack/plugin.
export {};
