/**
 * The one rule for paths taken from stack.yml: they resolve, symlinks included, inside the
 * workspace root. A pull request's stack.yml must not be able to package a CI machine's files
 * (`packagePath: ../../../../etc/ssl`, or a symlink that points out of the repository).
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '../errors';

export const PATH_OUTSIDE_WORKSPACE = 'NXS_PATH_OUTSIDE_WORKSPACE';

export interface InsideWorkspaceCheck {
  /** Absolute (or cwd-relative) workspace root. */
  readonly workspaceRoot: string;
  /** What the path is, for the message: `packagePath`, `includeFiles match`… */
  readonly what: string;
  /** stack.yml location of the value. */
  readonly location?: SourceLocation;
}

/** True when `child` is `parent` or below it (both absolute, normalised). */
function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Where a path really leads: realpath of the nearest existing ancestor plus the not-yet-existing
 * rest. A dangling symlink on the way is followed to its (missing) target, so a link that points
 * outside stays outside even before its target exists.
 */
function realpathAllowingMissing(absolute: string, hops = 0): string {
  let existing = absolute;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    if (isSymlink(existing) && hops < 40) {
      const target = path.resolve(path.dirname(existing), readlinkSync(existing));
      return realpathAllowingMissing(path.join(target, ...rest), hops + 1);
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Throws NXS_PATH_OUTSIDE_WORKSPACE unless `absolute` (and where it really leads) lies inside the
 * workspace root; returns `absolute` unchanged. For paths found on disk (glob matches, walked folders).
 */
export function assertInsideWorkspace(absolute: string, check: InsideWorkspaceCheck): string {
  return checked(path.resolve(absolute), path.resolve(absolute), check);
}

/**
 * Resolves a stack.yml path (`relPath` relative to `base`, usually the folder of stack.yml) and
 * checks it stays inside the workspace; returns the absolute path to open.
 */
export function resolveInsideWorkspace(base: string, relPath: string, check: InsideWorkspaceCheck): string {
  return checked(path.resolve(base, relPath), `'${relPath}'`, check);
}

function checked(lexical: string, shown: string, check: InsideWorkspaceCheck): string {
  const root = path.resolve(check.workspaceRoot);
  const realRoot = realpathAllowingMissing(root);
  const real = realpathAllowingMissing(lexical);
  // Lexical against the root as given or its real path (a workspace reached through a symlinked
  // folder, /tmp on macOS, still passes), then where the path really leads against the real root.
  if ((isWithin(root, lexical) || isWithin(realRoot, lexical)) && isWithin(realRoot, real)) return lexical;
  const leads = real !== lexical ? ` (${lexical} leads to ${real} through a symlink)` : shown === lexical ? '' : ` (${lexical})`;
  throw new NxstackError(PATH_OUTSIDE_WORKSPACE, `${check.what} ${shown} resolves outside the workspace ${root}${leads}`, {
    location: check.location,
    hint: 'Every path in stack.yml must stay inside the workspace root, symlinks included: files from elsewhere on the machine would be packaged and uploaded. Copy or build them into the workspace.',
  });
}
