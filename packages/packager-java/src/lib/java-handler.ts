import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * `pkg.Class::method` for a handler source file: the package from its `package` line, the class
 * from the file name (as javac requires for a public class).
 */
export async function javaHandlerFor(entryFile: string, method = 'handleRequest'): Promise<string | undefined> {
  const source = await fs.readFile(entryFile, 'utf8');
  // Strip comments so a commented-out package line cannot win.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(code)?.[1];
  const className = path.basename(entryFile, '.java');
  if (!/^[A-Za-z_$][\w$]*$/.test(className)) return undefined;
  return `${pkg ? `${pkg}.` : ''}${className}::${method}`;
}
