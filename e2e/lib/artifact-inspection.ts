import type { ReadZipEntry } from '@nxstack/core';

/** ELF e_machine of an executable or shared object: 62 = x86-64, 183 = AArch64. */
export function elfMachine(content: Buffer): number {
  if (content.length < 20 || content.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  return content.readUInt16LE(18);
}

/** The `Tag:` lines of `<dist>-<version>.dist-info/WHEEL` in a Lambda zip (e.g. cp312-cp312-manylinux_2_17_x86_64). */
export function wheelTags(entries: readonly ReadZipEntry[], dist: string): string[] {
  const wheel = entries.find((e) => e.path.toLowerCase().startsWith(`${dist.toLowerCase()}-`) && /\.dist-info\/WHEEL$/.test(e.path));
  if (!wheel) throw new Error(`no ${dist}-*.dist-info/WHEEL in the zip (entries: ${entries.length})`);
  return wheel.content
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('Tag:'))
    .map((l) => l.slice(4).trim());
}
