// A dev server's stand-in: it prints what it reads from .env.local (written by dev--web) and stays up until stopped.
import { readFileSync } from 'node:fs';
console.log(`dev server ready with ${readFileSync('.env.local', 'utf8').trim()}`);
setInterval(() => {}, 1000);
