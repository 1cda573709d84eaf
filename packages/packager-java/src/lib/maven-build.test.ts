import { describe, expect, it } from 'vitest';
import { mavenOpts, SHORT_BUILD_MAVEN_OPTS } from './maven-build';

describe('mavenOpts', () => {
  it('runs Maven with C1-only JIT and the serial GC when the user sets no MAVEN_OPTS', () => {
    expect(mavenOpts({ PATH: '/usr/bin' })).toBe(SHORT_BUILD_MAVEN_OPTS);
    expect(SHORT_BUILD_MAVEN_OPTS).toContain('-XX:TieredStopAtLevel=1');
  });

  it("keeps the user's MAVEN_OPTS, even an empty one", () => {
    expect(mavenOpts({ MAVEN_OPTS: '-Xmx2g' })).toBe('-Xmx2g');
    expect(mavenOpts({ MAVEN_OPTS: '' })).toBe('');
  });
});
