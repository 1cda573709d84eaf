// Naming is shared with @nxstack/connect-to, so it lives in core.
export { logicalId, pascalCase } from '@nxstack/core';
