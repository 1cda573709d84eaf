/** What `$File('<path>')` reads: .env, .json, .yml/.yaml and .ini files, parsed (as Stacktape does). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export type FileFormat = 'env' | 'json' | 'yaml' | 'ini';

/** The format of a file by name: `.env`, `.env.dev` and `*.env` are dotenv files. */
export function fileFormat(file: string): FileFormat | undefined {
  const base = path.basename(file);
  if (base.startsWith('.env') || base.endsWith('.env')) return 'env';
  const ext = path.extname(base).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.ini') return 'ini';
  return undefined;
}

/** Reads and parses a file; throws an Error whose message says what is wrong with it. */
export function readDirectiveFile(absolute: string, format: FileFormat): unknown {
  const text = readFileSync(absolute, 'utf8');
  switch (format) {
    case 'json':
      return JSON.parse(text) as unknown;
    case 'yaml':
      return parseYaml(text, { prettyErrors: false }) as unknown;
    case 'env':
      return parseDotenv(text);
    case 'ini':
      return parseIni(text);
  }
}

/** KEY=VALUE lines; quotes removed, `\n` expanded in double quotes; other lines ignored. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** `[section]` → nested object, `key = value`; `true`/`false` become booleans; `;`/`#` comments. */
export function parseIni(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let section: Record<string, unknown> = out;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = {};
      out[header[1].trim()] = section;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`line '${line}' is neither [section] nor key = value`);
    const key = line.slice(0, eq).trim();
    let value: string = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) value = value.slice(1, -1);
    section[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return out;
}
