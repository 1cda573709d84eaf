import { NxstackError } from '@nxstack/core';
import type { NormalizedNodeFunction } from './options';

/**
 * Export names of the entry module in esbuild's CommonJS output (the metafile lists exports only
 * for ESM output). esbuild writes `module.exports = __toCommonJS(x_exports)` for the entry and
 * `__export(x_exports, { name: () => local, ... })` before it; names keep their spelling even
 * when minified. Returns undefined when that shape is absent (a CommonJS entry).
 */
export function cjsEntryExports(code: string): string[] | undefined {
  const entry = /(?:^|[^.\w$])module\.exports\s*=\s*[\w$]+\(([\w$]+)\)/m.exec(code);
  if (!entry) return undefined;
  const target = entry[1].replace(/\$/g, '\\$');
  const call = new RegExp(`[\\w$]+\\(${target},\\s*\\{`).exec(code);
  if (!call) return [];
  const body = code.slice(call.index + call[0].length, code.indexOf('})', call.index));
  const names: string[] = [];
  for (const m of body.matchAll(/([\w$]+|"(?:[^"\\]|\\.)*")\s*:\s*\(\)\s*=>/g)) {
    names.push(m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1]);
  }
  return names;
}

const JS_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The export Lambda calls: `handlerFunction` when set, else the default export, else `handler`
 * (Stacktape's convention). Checked against the bundle's exports when they are known.
 */
export function resolveHandlerExport(fn: NormalizedNodeFunction, exports: readonly string[] | undefined): string {
  const listed = exports?.length ? exports.join(', ') : '(none)';
  if (fn.handlerFunction) {
    if (!JS_IDENTIFIER.test(fn.handlerFunction)) {
      throw new NxstackError('NXS_HANDLER_INVALID', `handlerFunction "${fn.handlerFunction}" of ${fn.resourceName} is not a JavaScript identifier.`, {
        location: { file: fn.entryFile },
        hint: 'Name an exported function, e.g. handlerFunction: handler.',
      });
    }
    if (exports && !exports.includes(fn.handlerFunction)) {
      throw new NxstackError('NXS_HANDLER_NOT_EXPORTED', `${fn.entryFile} does not export "${fn.handlerFunction}" (function ${fn.resourceName}). Exports: ${listed}.`, {
        location: { file: fn.entryFile },
        hint: `Export it (export const ${fn.handlerFunction} = async (event) => ...) or set handlerFunction to one of the exports.`,
      });
    }
    return fn.handlerFunction;
  }
  if (!exports) return 'handler';
  if (exports.includes('default')) return 'default';
  if (exports.includes('handler')) return 'handler';
  throw new NxstackError('NXS_HANDLER_NOT_EXPORTED', `${fn.entryFile} has neither a default export nor a "handler" export (function ${fn.resourceName}). Exports: ${listed}.`, {
    location: { file: fn.entryFile },
    hint: 'Add `export default async (event) => { ... }`, or set packaging.properties.handlerFunction to the exported function.',
  });
}

/** Lambda handler string: module file without extension + export name. */
export function lambdaHandlerString(exportName: string): string {
  return `index.${exportName}`;
}
