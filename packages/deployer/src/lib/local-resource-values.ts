/**
 * What a CloudFormation resource would be called and what its attributes would be on the local
 * stage, derived from its type (`AWS::<Service>::<Kind>`) and properties by generic rules:
 * names from `<Kind>Name`/`Name`-like properties, ARNs as `arn:aws:<service>:local:<account>:
 * <kind>/<name>`, URLs on `http://localhost/…` (an HTTP API's or function URL's endpoint is
 * where `serve` listens: core's localEndpointUrl), addresses `localhost`, ports from the properties
 * or the engine's default; a database's or redis cluster's address and port are where its local
 * server listens (core's localEndpointPort). The small tables below only hold where AWS departs
 * from the pattern (Ref of a queue is its URL, S3/IAM ARNs have no region, …).
 */
import { createHash } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_ENDPOINT_HOST, LOCAL_REGION, localEndpointPort, localEndpointUrl } from '@nxstack/core';

export { LOCAL_ACCOUNT, LOCAL_REGION };

/** What `Ref` returns when it is not the resource's name. */
const REF_RETURNS: Readonly<Record<string, 'arn' | 'url' | 'id'>> = {
  'AWS::SQS::Queue': 'url',
  'AWS::SNS::Topic': 'arn',
  'AWS::Batch::JobDefinition': 'arn',
  'AWS::Batch::JobQueue': 'arn',
  'AWS::Batch::ComputeEnvironment': 'arn',
  'AWS::StepFunctions::StateMachine': 'arn',
  'AWS::ECS::Service': 'arn',
  'AWS::ECS::TaskDefinition': 'arn',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'arn',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'arn',
  'AWS::ElasticLoadBalancingV2::Listener': 'arn',
  'AWS::Lambda::Url': 'arn',
  'AWS::Cognito::UserPool': 'id',
  'AWS::Cognito::UserPoolClient': 'id',
  'AWS::ApiGatewayV2::Api': 'id',
  'AWS::ApiGatewayV2::VpcLink': 'id',
  'AWS::ServiceDiscovery::Service': 'id',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'id',
  'AWS::KMS::Key': 'id',
  'AWS::EC2::VPC': 'id',
  'AWS::EC2::Subnet': 'id',
  'AWS::EC2::SecurityGroup': 'id',
  'AWS::EC2::InternetGateway': 'id',
  'AWS::EC2::RouteTable': 'id',
  'AWS::EFS::FileSystem': 'id',
  'AWS::EFS::AccessPoint': 'id',
  'AWS::EFS::MountTarget': 'id',
};

/** ARN service names that differ from the lowercased type service. */
const ARN_SERVICE: Readonly<Record<string, string>> = {
  cognito: 'cognito-idp',
  stepfunctions: 'states',
  elasticloadbalancingv2: 'elasticloadbalancing',
  apigatewayv2: 'apigateway',
};

/** ARN layouts that are not `<service>:<region>:<account>:<kind>/<name>`. */
const ARN_FORMAT: Readonly<Record<string, (name: string, id: string) => string>> = {
  'AWS::Lambda::Function': (n) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${n}`,
  'AWS::S3::Bucket': (n) => `arn:aws:s3:::${n}`,
  'AWS::IAM::Role': (n) => `arn:aws:iam::${LOCAL_ACCOUNT}:role/${n}`,
  'AWS::SQS::Queue': (n) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${n}`,
  'AWS::SNS::Topic': (n) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${n}`,
  'AWS::Logs::LogGroup': (n) => `arn:aws:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${n}:*`,
  'AWS::StepFunctions::StateMachine': (n) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${n}`,
  'AWS::Batch::JobDefinition': (n) => `arn:aws:batch:${LOCAL_REGION}:${LOCAL_ACCOUNT}:job-definition/${n}:1`,
  'AWS::Cognito::UserPool': (_n, id) => `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${id}`,
  'AWS::EFS::FileSystem': (_n, id) => `arn:aws:elasticfilesystem:${LOCAL_REGION}:${LOCAL_ACCOUNT}:file-system/${id}`,
  'AWS::EFS::AccessPoint': (_n, id) => `arn:aws:elasticfilesystem:${LOCAL_REGION}:${LOCAL_ACCOUNT}:access-point/${id}`,
};

/** Id prefixes AWS uses (EC2 and friends); others get `<kind>-<hash>`. */
const ID_PREFIX: Readonly<Record<string, string>> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::SecurityGroup': 'sg',
  'AWS::EC2::InternetGateway': 'igw',
  'AWS::EC2::RouteTable': 'rtb',
  'AWS::Cognito::UserPool': `${LOCAL_REGION}_`,
  'AWS::ServiceDiscovery::Service': 'srv',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'ns',
  'AWS::EFS::FileSystem': 'fs',
  'AWS::EFS::AccessPoint': 'fsap',
  'AWS::EFS::MountTarget': 'fsmt',
};

/** A mongo-db-atlas-cluster's `connectionString` on the local stage: MongoDB's default port, no credentials (as Atlas's SRV address has none). */
export const LOCAL_MONGODB_URL = 'mongodb://localhost:27017';

/** Types whose endpoint is a local database server (one per instance, cluster or replication group). */
const LOCAL_DATABASE_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup']);

/** An Aurora cluster member is served by its cluster's server. */
function databaseServerId(logicalId: string, p: Record<string, unknown>): string {
  const cluster = (p.DBClusterIdentifier as { Ref?: unknown } | undefined)?.Ref;
  return typeof cluster === 'string' ? cluster : logicalId;
}

export interface LocalResourceValues {
  readonly name: string;
  readonly ref: string;
  attribute(name: string): string;
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export function localResourceValues(logicalId: string, type: string, properties: Record<string, unknown>, stackName: string): LocalResourceValues {
  const [, service = 'local', kind = logicalId] = type.split('::');
  const name = physicalName(kind, properties) ?? `${stackName}-${logicalId}`;
  const lowerName = type === 'AWS::S3::Bucket' ? name.toLowerCase() : name;
  const hash = createHash('sha256').update(`${stackName}/${logicalId}`).digest('hex').slice(0, 17);
  const id = `${ID_PREFIX[type] ?? kebab(kind)}${ID_PREFIX[type]?.endsWith('_') ? '' : '-'}${hash}`;
  const arnService = ARN_SERVICE[service.toLowerCase()] ?? service.toLowerCase();
  const arn = ARN_FORMAT[type]?.(lowerName, id) ?? `arn:aws:${arnService}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${kebab(kind)}/${REF_RETURNS[type] === 'id' ? id : lowerName}`;
  const url = `http://localhost/${service.toLowerCase()}/${lowerName}`;
  const by = { arn, url, id } as const;
  const ref = REF_RETURNS[type] ? by[REF_RETURNS[type]] : lowerName;

  const attribute = (attr: string): string => {
    const last = attr.split('.').at(-1) ?? attr;
    if (attr === 'Arn') return arn;
    if (last === 'StreamArn') return `${arn}/stream/${LOCAL_REGION}`;
    if (last.endsWith('Arn')) return `${arn}/${kebab(last.slice(0, -3))}`;
    if (type === 'AWS::ApiGatewayV2::Api' && attr === 'ApiEndpoint') return localEndpointUrl(stackName, logicalId);
    // A function URL ends with '/', as Lambda's `https://<id>.lambda-url.<region>.on.aws/` does.
    if (type === 'AWS::Lambda::Url' && attr === 'FunctionUrl') return `${localEndpointUrl(stackName, logicalId)}/`;
    // A web-service's load balancer: where serve runs the service (its URL is `http://<DNSName>`).
    if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && attr === 'DNSName') return `${LOCAL_ENDPOINT_HOST}:${localEndpointPort(stackName, logicalId)}`;
    // Nothing of Atlas runs locally: a cluster's connection strings name a MongoDB the user runs on this machine.
    if (type === 'MongoDB::Atlas::Cluster' && attr.startsWith('ConnectionStrings.')) return LOCAL_MONGODB_URL;
    if (/(Url|URL|Endpoint)$/.test(last) && !attr.includes('.')) return last === 'ApiEndpoint' || last === 'FunctionUrl' ? `http://localhost/${lowerName}` : url;
    if (last === 'Name' || last === `${kind}Name`) return lowerName;
    if (/Id$/.test(last)) return last === 'Id' || last === `${kind}Id` || REF_RETURNS[type] === 'id' ? id : `${kebab(last.slice(0, -2))}-${hash}`;
    // A database's endpoint is where its local server listens (local-database-specs.ts starts it there).
    if (LOCAL_DATABASE_TYPES.has(type) && /(Address|Port)$/.test(last)) return last === 'Port' ? String(localEndpointPort(stackName, databaseServerId(logicalId, properties))) : LOCAL_ENDPOINT_HOST;
    if (/(Address|DNSName|Host)$/.test(last)) return 'localhost';
    if (last === 'Port') return String(portOf(type, properties));
    if (last === 'CidrBlock') return typeof properties.CidrBlock === 'string' ? properties.CidrBlock : '10.0.0.0/16';
    return `${lowerName}.${attr}`;
  };
  return { name: lowerName, ref, attribute };
}

/**
 * `<Kind>Name`, `<Kind>Identifier`, `<Kind>Id`, `Name` or `Family`, when given as a plain string
 * or as an Fn::Sub of pseudo parameters only (a bucket's `<project>-<stage>-<name>-${AWS::AccountId}-${AWS::Region}`),
 * so the local name is the one the stack's own references resolve to.
 */
function physicalName(kind: string, p: Record<string, unknown>): string | undefined {
  for (const key of [`${kind}Name`, `${kind}Identifier`, `${kind}Id`, 'Name', 'Family']) {
    const v = p[key];
    if (typeof v === 'string' && v) return v;
    const text = typeof v === 'object' && v !== null ? (v as { 'Fn::Sub'?: unknown })['Fn::Sub'] : undefined;
    if (typeof text === 'string' && text) {
      const resolved = text.replace(/\$\{AWS::(AccountId|Region|Partition)\}/g, (_m, name: string) => (name === 'AccountId' ? LOCAL_ACCOUNT : name === 'Region' ? LOCAL_REGION : 'aws'));
      if (!resolved.includes('${')) return resolved;
    }
  }
  return undefined;
}

function portOf(type: string, p: Record<string, unknown>): number {
  if (p.Port !== undefined && /^\d+$/.test(String(p.Port))) return Number(p.Port);
  if (type.startsWith('AWS::ElastiCache::')) return 6379;
  const engine = String(p.Engine ?? '');
  if (/mysql|mariadb/.test(engine)) return 3306;
  if (type.startsWith('AWS::RDS::')) return 5432;
  return 80;
}
