// Public API of @nxstack/packager-go.
export {};
