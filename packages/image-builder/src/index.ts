// Public API of @nxstack/image-builder.
export {};
