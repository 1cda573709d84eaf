// Image references are parsed by @nxstack/core (the stack model checks prebuilt images at load).
export { formatReference, parseReference, type ImageReference } from '@nxstack/core';
