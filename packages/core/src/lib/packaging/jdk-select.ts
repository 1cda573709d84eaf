// Moved from @nxstack/packager-java: the local runtime selects a JDK to run functions with too.
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

export interface InstalledJdk {
  readonly home: string;
  /** Feature release: 8, 11, 17, 21, 25… */
  readonly major: number;
}

/** Where JDKs are usually installed (Debian/Ubuntu, RPM, tarballs, macOS). */
export const DEFAULT_JDK_DIRS = ['/usr/lib/jvm', '/usr/java', '/opt/java', '/Library/Java/JavaVirtualMachines'];

/** Major version from a JDK's `release` file (JAVA_VERSION="17.0.15" → 17, "1.8.0_392" → 8). */
export function jdkMajor(home: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(home, 'release'), 'utf8');
  } catch {
    return undefined;
  }
  const m = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(text);
  if (!m) return undefined;
  return m[1] === '1' && m[2] ? Number(m[2]) : Number(m[1]);
}

/** JDKs (with javac) at JAVA_HOME and under the given folders, deduplicated through symlinks. */
export function listInstalledJdks(dirs: readonly string[], javaHome?: string): InstalledJdk[] {
  const homes: string[] = javaHome ? [javaHome] : [];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) homes.push(path.join(dir, name), path.join(dir, name, 'Contents', 'Home'));
  }
  const seen = new Set<string>();
  const jdks: InstalledJdk[] = [];
  for (const home of homes) {
    if (!existsSync(path.join(home, 'bin', 'javac'))) continue;
    const real = realpathSync(home);
    const major = jdkMajor(home);
    if (seen.has(real) || major === undefined) continue;
    seen.add(real);
    jdks.push({ home, major });
  }
  return jdks;
}

/**
 * The JDK to compile `--release <release>` with: JAVA_HOME when it can, else the oldest JDK at
 * or above the release (the closest match to the Lambda runtime), else undefined.
 */
export function selectJdk(release: number, jdks: readonly InstalledJdk[], javaHome?: string): InstalledJdk | undefined {
  const usable = jdks.filter((j) => j.major >= release);
  const fromEnv = javaHome ? usable.find((j) => j.home === javaHome) : undefined;
  if (fromEnv) return fromEnv;
  return [...usable].sort((a, b) => a.major - b.major)[0];
}
