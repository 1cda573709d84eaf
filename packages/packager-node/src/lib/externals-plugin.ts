import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import type { Plugin } from 'esbuild';
import { isNativePackage } from './native-packages';
import { findPackageDir, isWorkspaceLinked, packageNameOf } from './package-dirs';

/** Why a package stays out of the bundle. Only the `install` kinds are shipped in node_modules. */
export type ExternalReason = 'aws-runtime' | 'excluded' | 'requested' | 'dynamic-require' | 'native';

export interface ExternalPackage {
  readonly name: string;
  readonly reason: ExternalReason;
  /** Folders the package resolved to (more than one means nested copies). Empty when not installed locally. */
  readonly dirs: Set<string>;
}

export interface ExternalsSettings {
  readonly bundleAwsSdk: boolean;
  /** Neither bundled nor shipped (excludeDependencies). */
  readonly excludeDependencies: readonly string[];
  /** Not bundled, shipped installed (dependenciesToExcludeFromBundle; `*` = every installed package). */
  readonly dependenciesToExcludeFromBundle: readonly string[];
  /** Packages found to `require()` a computed path in an earlier pass. */
  readonly dynamicRequirePackages: ReadonlySet<string>;
}

export function shouldInstall(reason: ExternalReason): boolean {
  return reason !== 'aws-runtime' && reason !== 'excluded';
}

/**
 * Decides, for every bare import, whether esbuild bundles the package or leaves a `require`
 * to a node_modules copy in the zip. Records what it externalised in `found`.
 */
export function externalsPlugin(settings: ExternalsSettings, found: Map<string, ExternalPackage>): Plugin {
  const excluded = new Set(settings.excludeDependencies);
  const requested = new Set(settings.dependenciesToExcludeFromBundle);
  const all = requested.has('*');
  const record = (name: string, reason: ExternalReason, dir?: string) => {
    let entry = found.get(name);
    if (!entry) found.set(name, (entry = { name, reason, dirs: new Set() }));
    if (dir) entry.dirs.add(dir);
  };
  return {
    name: 'nxstack-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || isBuiltin(args.path) || path.isAbsolute(args.path)) return undefined;
        const name = packageNameOf(args.path);
        if (!name) return undefined;
        if (!settings.bundleAwsSdk && name.startsWith('@aws-sdk/')) {
          record(name, 'aws-runtime');
          return { path: args.path, external: true };
        }
        if (excluded.has(name)) {
          record(name, 'excluded');
          return { path: args.path, external: true };
        }
        const dir = findPackageDir(name, args.resolveDir || path.dirname(args.importer));
        // Not installed (a tsconfig paths alias, or a missing package esbuild will report) or linked
        // from the workspace: esbuild resolves and bundles it.
        if (!dir || isWorkspaceLinked(dir)) return undefined;
        let reason: ExternalReason | undefined;
        if (all || requested.has(name)) reason = 'requested';
        else if (settings.dynamicRequirePackages.has(name)) reason = 'dynamic-require';
        else if (isNativePackage(dir)) reason = 'native';
        if (!reason) return undefined;
        record(name, reason, dir);
        return { path: args.path, external: true };
      });
    },
  };
}
