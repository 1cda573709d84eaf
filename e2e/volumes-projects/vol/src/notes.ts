import { readFileSync } from 'node:fs';

export const handler = async () => ({ note: readFileSync('/mnt/notes/note.txt', 'utf8') });
