// Public API of @nxstack/packager-python.
export {};
