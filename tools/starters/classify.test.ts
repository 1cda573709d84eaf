/**
 * The measure's classes stay honest: only a named reason moves a failure out of "failure".
 * Outputs are the shapes nx prints for these errors (first line: code, location, message).
 */
import { describe, expect, it } from 'vitest';
import { classify } from './classify.mjs';

const yml = (resources: string, scripts = '') => `resources:\n${resources}${scripts ? `\nscripts:\n${scripts}` : ''}`;
const web = (packaging: string) => `  app:\n    type: web-service\n    properties:\n      packaging: ${packaging}\n`;

describe('starter failure classes', () => {
  it('an out-of-scope type refused as not supported yet is out-of-scope; another type refused stays a failure', () => {
    const line = (type: string) => `NXS_NOT_SUPPORTED_YET s/stack.yml:3:11 resource type '${type}' is not supported yet`;
    for (const type of ['nextjs-web', 'agentcore-runtime', 'convex']) {
      expect(classify({ phase: 'load', text: yml(`  web:\n    type: ${type}\n`), output: line(type), code: 'NXS_NOT_SUPPORTED_YET', line: line(type) })).toEqual({ kind: 'out-of-scope', reason: `resource type '${type}'` });
    }
    expect(classify({ phase: 'load', text: yml('  site:\n    type: hosting-bucket\n'), output: line('hosting-bucket'), code: 'NXS_NOT_SUPPORTED_YET', line: line('hosting-bucket') }).kind).toBe('failure');
  });

  it('an unreachable registry is environment-blocked only for the prebuilt image it serves', () => {
    const line = 'NXS_REGISTRY_UNREACHABLE s/stack.yml:6:5 Cannot reach registry registry-1.docker.io (GET /v2/louislam/uptime-kuma/manifests/1).';
    expect(classify({ phase: 'deploy', text: yml(web('{ type: prebuilt-image, properties: { image: louislam/uptime-kuma:1 } }')), output: line, code: 'NXS_REGISTRY_UNREACHABLE', line })).toMatchObject({ kind: 'environment-blocked', reason: expect.stringContaining('louislam/uptime-kuma:1') });
    // A buildpack base pulled from a registry is the measure's fault (it sets local bases), not the environment's.
    expect(classify({ phase: 'deploy', text: yml(web('{ type: stacktape-image-buildpack, properties: { entryfilePath: a.ts } }')), output: line, code: 'NXS_REGISTRY_UNREACHABLE', line }).kind).toBe('failure');
  });

  it("a starter script is environment-blocked when its tool is not installed or it reaches past the package registries; otherwise it fails", () => {
    const failed = (cmd: string, tail: string) => {
      const line = `NXS_SCRIPT_FAILED s/stack.yml:5:23 script 'build' failed: \`${cmd}\` exited with code 1`;
      return classify({ phase: 'deploy', text: yml(web('{ type: prebuilt-image, properties: { image: x } }')), output: `${line}\n${tail}`, code: 'NXS_SCRIPT_FAILED', line });
    };
    expect(failed('nxs-no-such-tool build', '')).toMatchObject({ kind: 'environment-blocked', reason: expect.stringContaining('`nxs-no-such-tool`, not installed here') });
    expect(failed('cargo nxs-no-such-subcommand build', '')).toMatchObject({ kind: 'environment-blocked', reason: expect.stringContaining('`cargo nxs-no-such-subcommand`') });
    expect(failed('npx prisma generate', 'npm error npx canceled due to missing packages and no YES option: ["prisma@7.10.1"]')).toMatchObject({ kind: 'environment-blocked', reason: expect.stringContaining('prisma@7.10.1') });
    expect(failed('sh -c "curl x"', 'curl: (6) Could not resolve host: example.com')).toMatchObject({ kind: 'environment-blocked' });
    expect(failed('sh -c "exit 3"', 'boom')).toEqual({ kind: 'failure' });
  });
});
