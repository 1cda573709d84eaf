// Public API of @nxstack/packager-java.
export {};
