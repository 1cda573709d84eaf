// The "build": src/ copied to dist/ (a fresh folder each time, as bundlers write it).
import { cpSync, rmSync } from 'node:fs';
rmSync('dist', { recursive: true, force: true });
cpSync('src', 'dist', { recursive: true });
