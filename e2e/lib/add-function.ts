import { appendFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Adds a function to the sample workspace's `api` project: its handler source under api/src and
 * a resource in api/stack.yml (`properties` are extra YAML lines under `properties:`).
 */
export function addSampleFunction(ws: string, o: { name: string; file: string; code: readonly string[]; packaging: 'stacktape-lambda-buildpack' | 'stacktape-image-buildpack'; properties?: readonly string[] }): void {
  writeFileSync(path.join(ws, 'api/src', o.file), [...o.code, ''].join('\n'));
  const yaml = [`  ${o.name}:`, '    type: function', '    properties:', ...(o.properties ?? []).map((l) => `      ${l}`), '      packaging:', `        type: ${o.packaging}`, '        properties:', `          entryfilePath: src/${o.file}`, ''];
  appendFileSync(path.join(ws, 'api/stack.yml'), yaml.join('\n'));
}
