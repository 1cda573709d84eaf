import { appendFileSync, readFileSync } from 'node:fs';

/** `{ write: text }` appends a line to the mounted volume; every call returns what the volume holds. */
export const handler = async (event: { write?: string }) => {
  if (event.write) appendFileSync('/mnt/notes/note.txt', `${event.write}\n`);
  return { note: readFileSync('/mnt/notes/note.txt', 'utf8') };
};
