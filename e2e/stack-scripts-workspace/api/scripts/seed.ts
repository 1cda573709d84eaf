import { appendFileSync } from 'node:fs';

const stage: string = process.env.STAGE_NOTE ?? 'seeded';
appendFileSync('hooks.log', `seed ${stage}\n`);
