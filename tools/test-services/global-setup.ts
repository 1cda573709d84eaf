// Starts the real services the tests talk to, once per test run, and stops them by pid after.
// A service that cannot start fails the run: tests never skip for a missing service.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDockerd, stopDockerd } from './dockerd';
import { lambdaImages, startMoto, stopMoto } from './moto';
import './provided-context';
import { ECR_TOKEN_CREDENTIALS, startRegistry, stopRegistry } from './registry';
import { startVerdaccio, stopVerdaccio } from './verdaccio';

const stateDir = join(__dirname, '..', '..', '.tmp', 'services');

/** Stops image services left by runs that died before their teardown (their vitest pid is gone). */
function reapImageServices(): void {
  for (const name of readdirSync(stateDir)) {
    const pid = Number(/^images-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // still running
    } catch {
      // dead: fall through
    }
    const dir = join(stateDir, name);
    stopRegistry(dir, 'registry');
    stopRegistry(dir, 'registry-auth');
    stopDockerd(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(stateDir, { recursive: true });
  // Image services get a folder per run: runs of different engineers must not stop each other's.
  reapImageServices();
  const imageState = join(stateDir, `images-${process.pid}`);
  const dockerHost = startDockerd(imageState);
  // moto runs Lambda functions (custom resources, Invoke) in this engine; their images load meanwhile.
  const images = lambdaImages(dockerHost);
  const registry = startRegistry(imageState, 'registry');
  const authRegistry = startRegistry(imageState, 'registry-auth', `${ECR_TOKEN_CREDENTIALS.username}:${ECR_TOKEN_CREDENTIALS.password}`);
  project.provide('registry', registry);
  project.provide('authRegistry', authRegistry);
  project.provide('dockerHost', dockerHost);
  // A folder per run: concurrent runs (several engineers, watch mode) must not stop each other's services.
  const motoState = join(stateDir, `moto-${process.pid}`);
  project.provide('motoEndpoint', startMoto(motoState, dockerHost));
  const npmState = join(stateDir, `npm-${process.pid}`);
  project.provide('npmRegistry', startVerdaccio(npmState));
  // One moto install for the local stage's data plane, shared by every e2e workspace of every
  // run (each workspace would install its own on first use otherwise).
  process.env['NXSTACK_LOCAL_AWS_CACHE'] ??= join(stateDir, 'local-aws-cache');
  // The packed packages and the e2e workspaces' installs of them, once per run (e2e/lib/packed-install.ts).
  const e2eInstalls = [join(stateDir, `packs-${process.pid}`), join(stateDir, `installs-${process.pid}`)];
  [process.env['NXSTACK_E2E_PACK_DIR'], process.env['NXSTACK_E2E_INSTALL_CACHE']] = e2eInstalls;
  const teardown = () => {
    stopMoto(motoState);
    rmSync(motoState, { recursive: true, force: true });
    stopVerdaccio(npmState);
    rmSync(npmState, { recursive: true, force: true });
    for (const dir of e2eInstalls) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    stopRegistry(imageState, 'registry');
    stopRegistry(imageState, 'registry-auth');
    stopDockerd(imageState);
    rmSync(imageState, { recursive: true, force: true, maxRetries: 2 });
  };
  try {
    await images;
  } catch (e) {
    teardown();
    throw e;
  }
  return teardown;
}
