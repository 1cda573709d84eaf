// A native addon (prebuilt linux-x64-gnu .node from npm): loads only on a glibc base.
import { xxh32 } from '@node-rs/xxhash';

export function handler(): string {
  return `xxh32(nxstack)=${xxh32('nxstack')}`;
}

console.log(handler());
