/**
 * Resolves what a template would yield on the local stage: physical ids for resources
 * (function names, ARN-like ids, bucket names) and the template's Outputs through the common
 * intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub).
 */
export interface LocalResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

const ACCOUNT = '000000000000';

export function localResources(template: Record<string, any>, stackName: string, region = 'local'): LocalResource[] {
  const out: LocalResource[] = [];
  for (const [id, res] of Object.entries<Record<string, any>>(template.Resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const p = res.Properties ?? {};
    const type = String(res.Type ?? '');
    const named = (prop: string, max = 64) => (typeof p[prop] === 'string' ? p[prop] : `${stackName}-${id}`.slice(0, max));
    if (type === 'AWS::Lambda::Function') {
      const name = named('FunctionName');
      out.push({ logicalId: id, type, physicalId: name, attributes: { Arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}` } });
    } else if (type === 'AWS::S3::Bucket') {
      const name = named('BucketName', 63).toLowerCase();
      out.push({ logicalId: id, type, physicalId: name, attributes: { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` } });
    } else if (type === 'AWS::IAM::Role') {
      const name = named('RoleName');
      out.push({ logicalId: id, type, physicalId: name, attributes: { Arn: `arn:aws:iam::${ACCOUNT}:role/${name}` } });
    } else {
      const name = `${stackName}-${id}`;
      out.push({ logicalId: id, type, physicalId: name, attributes: { Arn: `arn:aws:local:${region}:${ACCOUNT}:${id}/${name}` } });
    }
  }
  return out;
}

export function resolveLocalOutputs(template: Record<string, any>, resources: readonly LocalResource[], stackName: string, region = 'local'): Record<string, string> {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const pseudo: Record<string, string> = { 'AWS::StackName': stackName, 'AWS::Region': region, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };
  const ref = (name: string) => pseudo[name] ?? byId.get(name)?.physicalId ?? `<unresolved ${name}>`;
  const att = (id: string, attr: string) => byId.get(id)?.attributes[attr] ?? `<unresolved ${id}.${attr}>`;
  const resolve = (v: any): string => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v && typeof v === 'object') {
      if ('Ref' in v) return ref(v.Ref);
      if ('Fn::GetAtt' in v) {
        const [id, attr] = Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'] : String(v['Fn::GetAtt']).split('.');
        return att(id, attr);
      }
      if ('Fn::Join' in v) return (v['Fn::Join'][1] as any[]).map(resolve).join(v['Fn::Join'][0]);
      if ('Fn::Sub' in v) {
        const text: string = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => (name.includes('.') ? att(name.split('.')[0], name.split('.').slice(1).join('.')) : ref(name)));
      }
    }
    return JSON.stringify(v);
  };
  const outputs: Record<string, string> = {};
  for (const [key, o] of Object.entries<Record<string, any>>(template.Outputs ?? {})) outputs[key] = resolve(o.Value);
  return outputs;
}
