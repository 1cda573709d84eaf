// Public API of @nxstack/connect-to.
export {};
