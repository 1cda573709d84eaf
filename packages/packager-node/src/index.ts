// Public API of @nxstack/packager-node.
export {};
