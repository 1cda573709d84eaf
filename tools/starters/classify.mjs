// Which failures of a starter are not the product's: each class names its reason, and anything
// not recognised here stays a failure (the product's fault until shown otherwise).
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';

/** Resource types issue 15 leaves out (they fail with one NXS_NOT_SUPPORTED_YET naming the type). */
export const OUT_OF_SCOPE_TYPE = /^(?:(?:nextjs|astro|nuxt|remix|sveltekit|solidstart|tanstack)-web|agentcore-[a-z-]+|convex)$/;

/** The internet beyond the package registries is out of reach here: what a failed download prints. */
const NO_INTERNET = /\b(?:ENOTFOUND|EAI_AGAIN|ENETUNREACH|getaddrinfo|Could not resolve host|Failed to connect to)\b/;

function onPath(tool) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
}

/** The executable a shell command line starts (cargo's subcommands are tools of their own: cargo-<name>). */
function toolOf(command) {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'cargo' && words[1] && !words[1].startsWith('-')) return { tool: `cargo-${words[1]}`, shown: `cargo ${words[1]}` };
  return { tool: words[0], shown: words[0] };
}

/**
 * @param {{ phase: 'load' | 'deploy', text: string, output: string, code: string, line: string }} f
 * @returns {{ kind: 'out-of-scope' | 'environment-blocked' | 'failure', reason?: string }}
 */
export function classify(f) {
  const config = YAML.parse(f.text) ?? {};
  const resources = config.resources ?? {};
  if (f.code === 'NXS_NOT_SUPPORTED_YET') {
    const m = /resource type '([^']+)' is not supported yet/.exec(f.line);
    if (m && OUT_OF_SCOPE_TYPE.test(m[1])) return { kind: 'out-of-scope', reason: `resource type '${m[1]}'` };
  }
  if (f.code === 'NXS_REGISTRY_UNREACHABLE') {
    const prebuilt = Object.entries(resources).filter(([, r]) => r?.properties?.packaging?.type === 'prebuilt-image');
    const named = prebuilt.find(([, r]) => f.output.includes(registryOf(String(r.properties.packaging.properties?.image ?? ''))));
    if (named) return { kind: 'environment-blocked', reason: `prebuilt image ${named[1].properties.packaging.properties.image} (resource '${named[0]}') cannot be pulled here` };
  }
  if (f.code === 'NXS_SCRIPT_FAILED') {
    const m = /script '([^']+)' failed: `([^`]*)`/.exec(f.line);
    if (m) {
      const { tool, shown } = toolOf(m[2]);
      if (!onPath(tool)) return { kind: 'environment-blocked', reason: `script '${m[1]}' runs \`${shown}\`, not installed here` };
      const npx = /npx canceled due to missing packages[^[]*\["([^"]+)"\]/.exec(f.output);
      if (npx) return { kind: 'environment-blocked', reason: `script '${m[1]}' runs \`${m[2]}\`: the starter's own dependency ${npx[1]} (its code and lockfile are not among the placeholders)` };
      if (NO_INTERNET.test(f.output)) return { kind: 'environment-blocked', reason: `script '${m[1]}' (\`${m[2]}\`) downloads from the internet beyond the package registries` };
    }
  }
  return { kind: 'failure' };
}

/** The registry host a reference pulls from (Docker Hub when the first part is not a host). */
function registryOf(image) {
  const first = image.split('/')[0];
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}
