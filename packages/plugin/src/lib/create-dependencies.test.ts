import type { CreateDependenciesContext, TargetConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createDependencies, createNodes } from '../index';
import { functionStack, importingStack } from '../../../core/src/lib/model/__fixtures__/stack-imports';
import { contextFor, tmpWorkspace } from './__fixtures__/workspace';

const stack = functionStack;
const importing = (...values: string[]) => importingStack(values);

function dependencyContext(root: string, projects: string[]): CreateDependenciesContext {
  return { workspaceRoot: root, projects: Object.fromEntries(projects.map((p) => [p, { root: `apps/${p}` }])) } as unknown as CreateDependenciesContext;
}

describe('Nx dependencies from $CfStackOutput', () => {
  it('adds consumer → provider edges for workspace stacks (either spelling), none for other names', async () => {
    const root = tmpWorkspace({
      'apps/db/stack.yml': stack(),
      'apps/api/stack.yml': importing("$CfStackOutput('db', 'A')", "$CfStackOutput('db-prod', 'B')", "$CfStackOutput('elsewhere-dev', 'C')"),
      'apps/worker/stack.yml': importing("$CfStackOutput('api-dev', 'A')"),
      'apps/web/stack.yml': stack(),
    });
    const deps = await createDependencies!(undefined, dependencyContext(root, ['db', 'api', 'worker', 'web', 'lib']));
    expect(deps).toEqual([
      { source: 'api', target: 'db', type: 'implicit' },
      { source: 'worker', target: 'api', type: 'implicit' },
    ]);
  });

  it('leaves out the edges of a cycle (validate reports it) and keeps the others', async () => {
    const root = tmpWorkspace({
      'apps/a/stack.yml': importing("$CfStackOutput('b', 'X')"),
      'apps/b/stack.yml': importing("$CfStackOutput('a', 'X')", "$CfStackOutput('c', 'X')"),
      'apps/c/stack.yml': stack(),
    });
    const deps = await createDependencies!(undefined, dependencyContext(root, ['a', 'b', 'c']));
    expect(deps).toEqual([{ source: 'b', target: 'c', type: 'implicit' }]);
  });

  it('makes deploy wait for the providers\' deploy on the same stage, and validate read every stack.yml', async () => {
    const root = tmpWorkspace({ 'apps/api/project.json': '{"name":"api"}', 'apps/api/stack.yml': importing("$CfStackOutput('db', 'A')"), 'apps/web/project.json': '{"name":"web"}', 'apps/web/stack.yml': stack() });
    const targets = async (file: string): Promise<Record<string, TargetConfiguration>> => {
      const [[, result]] = await createNodes[1]([file], undefined, contextFor(root));
      return Object.values(result.projects ?? {})[0].targets ?? {};
    };
    const api = await targets('apps/api/stack.yml');
    expect(api['deploy'].dependsOn).toContainEqual({ target: 'deploy', dependencies: true, params: 'forward' });
    expect(api['validate'].inputs?.[0]).toBe('{workspaceRoot}/**/stack.yml');
    const web = await targets('apps/web/stack.yml');
    expect(web['deploy'].dependsOn).not.toContainEqual(expect.objectContaining({ dependencies: true }));
    expect(web['validate'].inputs?.[0]).toBe('{workspaceRoot}/apps/web/stack.yml');
  });
});
