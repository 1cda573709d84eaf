import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Lowercase hex sha256 of a buffer or string (utf8). */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lowercase hex sha256 of a file, streamed so large artifacts do not sit in memory. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
