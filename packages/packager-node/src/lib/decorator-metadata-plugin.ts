import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Plugin } from 'esbuild';
import { NxstackError } from '@nxstack/core';

type TypeScript = typeof import('typescript');

/** The workspace's own `typescript` (an optional peer dependency), else one next to this package. */
export function loadTypeScript(workspaceRoot: string, fallbackFrom: string = __filename): TypeScript {
  for (const base of [path.join(workspaceRoot, 'package.json'), fallbackFrom]) {
    try {
      return createRequire(base)('typescript') as TypeScript;
    } catch {
      // try the next place
    }
  }
  throw new NxstackError('NXS_NODE_TYPESCRIPT_MISSING', 'emitTsDecoratorMetadata needs the "typescript" package, which is not installed in the workspace.', {
    hint: 'Install it as a dev dependency (npm install -D "typescript@<7"), or turn emitTsDecoratorMetadata off.',
  });
}

// Cheap pre-check: only files that can contain a decorator pay for a TypeScript compile.
const MAYBE_DECORATOR = /@[A-Za-z_$]/;

/**
 * esbuild does not implement `emitDecoratorMetadata`; files with decorators are compiled by
 * TypeScript's transpileModule (with an inline source map esbuild chains into the bundle map),
 * everything else stays on esbuild's fast path.
 */
export function decoratorMetadataPlugin(ts: TypeScript, tsConfigFile: string | undefined): Plugin {
  return {
    name: 'nxstack-decorator-metadata',
    setup(build) {
      const optionsByConfig = new Map<string, import('typescript').CompilerOptions>();
      const compilerOptionsFor = (file: string) => {
        const config = tsConfigFile ?? ts.findConfigFile(path.dirname(file), ts.sys.fileExists) ?? '';
        let options = optionsByConfig.get(config);
        if (!options) {
          options = {};
          if (config) {
            const read = ts.readConfigFile(config, ts.sys.readFile);
            options = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, path.dirname(config)).options;
          }
          optionsByConfig.set(config, options);
        }
        return options;
      };
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
        if (args.path.endsWith('.d.ts') || args.path.split(path.sep).includes('node_modules')) return undefined;
        const source = await fs.readFile(args.path, 'utf8');
        if (!MAYBE_DECORATOR.test(source)) return undefined;
        const tsx = args.path.endsWith('x');
        const out = ts.transpileModule(source, {
          fileName: args.path,
          compilerOptions: {
            ...compilerOptionsFor(args.path),
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            module: ts.ModuleKind.ESNext,
            target: ts.ScriptTarget.ES2022,
            jsx: tsx ? ts.JsxEmit.Preserve : undefined,
            importHelpers: false,
            verbatimModuleSyntax: false,
            sourceMap: false,
            inlineSourceMap: true,
            inlineSources: true,
            declaration: false,
            declarationMap: false,
            noEmit: false,
          },
        });
        return { contents: out.outputText, loader: tsx ? 'jsx' : 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}
