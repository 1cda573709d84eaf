/**
 * Resolves what a template would yield on the local stage: physical ids and attributes for
 * every resource (generic rules per CloudFormation type, local-resource-values.ts) and the
 * template's Outputs through the intrinsics the compiler emits (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Sub with or without variables, Fn::Select, Fn::Split).
 */
import { LOCAL_ACCOUNT, LOCAL_REGION, localResourceValues, type LocalResourceValues } from './local-resource-values';

export interface LocalResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** `Arn` plus every attribute the template reads through Fn::GetAtt / Fn::Sub. */
  readonly attributes: Readonly<Record<string, string>>;
}

type Template = Record<string, any>;

export function localResources(template: Template, stackName: string): LocalResource[] {
  const used = attributesUsed(template);
  return Object.entries<Record<string, any>>(template.Resources ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, res]) => {
      const values = valuesOf(id, res, stackName);
      const attributes: Record<string, string> = { Arn: values.attribute('Arn') };
      for (const attr of [...(used.get(id) ?? [])].sort()) attributes[attr] = values.attribute(attr);
      return { logicalId: id, type: String(res.Type ?? ''), physicalId: values.ref, attributes };
    });
}

/**
 * Resolves a template value on the local stage: intrinsics to the local values of `resources`
 * (or of the template's resources by the generic rules), scalars to strings.
 */
export function localValueResolver(template: Template, resources: readonly LocalResource[], stackName: string): (value: unknown) => any {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const values = new Map<string, LocalResourceValues>();
  const valuesFor = (id: string) => {
    if (!values.has(id)) values.set(id, valuesOf(id, template.Resources?.[id] ?? {}, stackName));
    return values.get(id)!;
  };
  const pseudo: Record<string, string> = {
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${stackName}/local`,
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NoValue': '',
  };
  const parameters: Record<string, unknown> = template.Parameters ?? {};
  const ref = (name: string): string => {
    if (name in pseudo) return pseudo[name];
    if (byId.has(name)) return byId.get(name)!.physicalId;
    if (template.Resources?.[name]) return valuesFor(name).ref;
    const param = parameters[name] as { Default?: unknown } | undefined;
    return param?.Default !== undefined ? String(param.Default) : `<unresolved ${name}>`;
  };
  const att = (id: string, attr: string): string => {
    const known = byId.get(id)?.attributes[attr];
    if (known !== undefined) return known;
    return template.Resources?.[id] ? valuesFor(id).attribute(attr) : `<unresolved ${id}.${attr}>`;
  };
  const resolve = (v: any): any => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      if ('Ref' in v) return ref(v.Ref);
      if ('Fn::GetAtt' in v) {
        const [id, ...attr] = Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'] : String(v['Fn::GetAtt']).split('.');
        return att(id, attr.join('.'));
      }
      if ('Fn::Join' in v) return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
      if ('Fn::Select' in v) return (resolve(v['Fn::Select'][1]) as string[])[Number(resolve(v['Fn::Select'][0]))] ?? '';
      if ('Fn::Split' in v) return String(resolve(v['Fn::Split'][1])).split(v['Fn::Split'][0]);
      if ('Fn::Sub' in v) {
        const [text, vars] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
        return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
          if (vars && name in vars) return String(resolve(vars[name]));
          const dot = name.indexOf('.');
          return dot > 0 && !name.startsWith('AWS::') ? att(name.slice(0, dot), name.slice(dot + 1)) : ref(name);
        });
      }
    }
    return JSON.stringify(v);
  };
  return resolve;
}

export function resolveLocalOutputs(template: Template, resources: readonly LocalResource[], stackName: string): Record<string, string> {
  const resolve = localValueResolver(template, resources, stackName);
  const outputs: Record<string, string> = {};
  for (const [key, o] of Object.entries<Record<string, any>>(template.Outputs ?? {})) {
    const value = resolve(o.Value);
    outputs[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return outputs;
}

function valuesOf(id: string, res: Record<string, any>, stackName: string): LocalResourceValues {
  return localResourceValues(id, String(res.Type ?? ''), (res.Properties ?? {}) as Record<string, unknown>, stackName);
}

/** logical id → attribute names read anywhere in the template (GetAtt and `${Id.Attr}` in Fn::Sub). */
function attributesUsed(template: Template): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const add = (id: string, attr: string) => {
    if (!template.Resources?.[id] || !attr) return;
    if (!used.has(id)) used.set(id, new Set());
    used.get(id)!.add(attr);
  };
  const walk = (v: any): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    if ('Fn::GetAtt' in v) {
      const [id, ...attr] = Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'] : String(v['Fn::GetAtt']).split('.');
      add(String(id), attr.join('.'));
    }
    if ('Fn::Sub' in v) {
      const text = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
      for (const [, id, attr] of String(text).matchAll(/\$\{([^}!][^}.]*)\.([^}]+)\}/g)) add(id, attr);
    }
    Object.values(v).forEach(walk);
  };
  walk(template.Resources);
  walk(template.Outputs);
  return used;
}
