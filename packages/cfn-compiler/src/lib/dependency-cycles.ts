import type { CfnResource } from './types';

/** Logical ids a resource depends on: Ref, Fn::GetAtt, ${…} in Fn::Sub, and DependsOn. */
export function dependenciesOf(resource: CfnResource, known: ReadonlySet<string>): Set<string> {
  const deps = new Set<string>();
  const add = (id: string) => {
    if (known.has(id)) deps.add(id);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    for (const [key, inner] of Object.entries(v)) {
      if (key === 'Ref' && typeof inner === 'string') add(inner);
      else if (key === 'Fn::GetAtt') add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}/g)) add(m[1]);
        if (Array.isArray(inner)) walk(inner[1]);
      } else walk(inner);
    }
  };
  walk(resource.Properties);
  const dependsOn = resource.DependsOn;
  for (const id of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) add(id);
  return deps;
}

/**
 * The first dependency cycle among the resources (e.g. a function whose environment holds its
 * own ARN) as a closed path [A, B, A], or undefined. CloudFormation would refuse such a template.
 */
export function findDependencyCycle(resources: Readonly<Record<string, CfnResource>>): string[] | undefined {
  const known = new Set(Object.keys(resources));
  const graph = new Map([...known].map((id) => [id, [...dependenciesOf(resources[id], known)].sort()]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of graph.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of [...known].sort()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
