// The "build": src/ copied to the folder named by its argument (a fresh folder each time, as bundlers write it).
import { cpSync, rmSync } from 'node:fs';
const out = process.argv[2];
if (out !== 'dist') throw new Error(`expected the argument dist (quotes removed, no shell), got ${JSON.stringify(process.argv.slice(2))}`);
rmSync(out, { recursive: true, force: true });
cpSync('src', out, { recursive: true });
console.log(`built ${out}`);
