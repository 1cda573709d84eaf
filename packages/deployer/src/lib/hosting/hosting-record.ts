/**
 * What the last sync stored per object besides its content: a digest of its headers (S3's listing
 * shows ETags, not headers). AWS stages keep it in the stage's deployment bucket, the local
 * stage beside its state; a lost record only makes the next sync upload again.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getJson, putJson } from '../s3-json';
import type { StageTarget } from '../stage-target';

type Record = { [key: string]: string };

export interface HostingRecordStore {
  read(): Promise<Record | undefined>;
  write(r: Record): Promise<void>;
}

export function hostingRecordStore(o: { target: StageTarget; stackName: string }, resource: string): HostingRecordStore {
  const { target } = o;
  if (target.kind === 'aws' && target.clients) {
    const s3 = target.clients.s3;
    const key = `nxstack/hosting/${o.stackName}/${resource}.json`;
    return {
      read: () => getJson<Record>(s3, target.bucket, key),
      write: (r) => putJson(s3, target.bucket, key, r),
    };
  }
  const file = path.join(target.localProjectDir ?? '.', 'hosting', `${resource}.json`);
  return {
    read: async () => fs.readFile(file, 'utf8').then((t) => JSON.parse(t) as Record, () => undefined),
    write: async (r) => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, JSON.stringify(r, null, 1));
    },
  };
}
