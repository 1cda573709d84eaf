import { isLocalStage, NxstackError, stackName } from '@nxstack/core';
import { requireSecret } from '../data/database-security';
import { secretReference } from '../directives';
import { getAtt, type ResourceCompileContext } from '../resource-types/resource-type';

/** The stack's Atlas resources shared by all its clusters. */
export const ATLAS_IDS = {
  project: 'MongoDbAtlasProject',
  accessList: 'MongoDbAtlasProjectIpAccessList',
  profileSecret: 'MongoDbAtlasProfileSecret',
} as const;

export interface AtlasProject {
  /** `Fn::GetAtt Project.Id` (its Ref is `<id>|<profile>`, which other Atlas types refuse as ProjectId). */
  readonly projectId: unknown;
  /** The profile every Atlas resource reads its API keys from: Secrets Manager `cfn/atlas/profile/<profile>`. */
  readonly profile: string;
}

type AtlasProvider = { publicKey?: unknown; privateKey?: unknown; organizationId?: unknown; accessibility?: { accessibilityMode: string; whitelistedIps?: string[] } };

const PROVIDER_PATH = ['providerConfig', 'mongoDbAtlas'];

/**
 * The Atlas project of the stack (one per stack and stage, as Stacktape makes), its IP access
 * list and, on AWS stages, the profile secret MongoDB's extension types read the API keys from
 * (they take no keys as properties). The secret's value is built from dynamic references: the
 * private key never appears in the template. Added once, by the first cluster compiled.
 */
export function ensureAtlasProject<P>(ctx: ResourceCompileContext<P>): AtlasProject {
  const stack = stackName(ctx.projectName, ctx.stage);
  const project = { projectId: getAtt(ATLAS_IDS.project, 'Id'), profile: stack };
  if (ctx.builder.hasResource(ATLAS_IDS.project)) return project;
  const provider = ctx.stack.config.providerConfig?.mongoDbAtlas as AtlasProvider | undefined;
  const local = isLocalStage(ctx.stage);
  if (!local) addProfileSecret(ctx, provider, stack);
  ctx.builder.addResource(ATLAS_IDS.project, {
    Type: 'MongoDB::Atlas::Project',
    ...(local ? {} : { DependsOn: [ATLAS_IDS.profileSecret] }),
    Properties: {
      Name: stack,
      // The local stage creates nothing in Atlas: the organization is not needed there.
      OrgId: provider?.organizationId !== undefined ? ctx.resolve(provider.organizationId, [...PROVIDER_PATH, 'organizationId']) : 'local',
      Profile: project.profile,
    },
  }, ctx.origin);
  ctx.builder.addResource(ATLAS_IDS.accessList, {
    Type: 'MongoDB::Atlas::ProjectIpAccessList',
    Properties: { ProjectId: project.projectId, Profile: project.profile, AccessList: accessList(ctx, provider) },
  }, ctx.origin);
  return project;
}

function addProfileSecret<P>(ctx: ResourceCompileContext<P>, provider: AtlasProvider | undefined, stack: string): void {
  const at = (key?: string) => ctx.locate(key ? [...PROVIDER_PATH, key] : PROVIDER_PATH);
  if (!provider) {
    throw new NxstackError('NXS_MONGODB_ATLAS_PROVIDER_MISSING', `mongo-db-atlas-cluster '${ctx.name}' needs providerConfig.mongoDbAtlas to deploy to stage '${ctx.stage}'.`, {
      location: ctx.locate([...ctx.path, 'type']),
      hint: "Add providerConfig.mongoDbAtlas with organizationId, publicKey and privateKey: $Secret('<secret holding the private API key>') (Atlas: Organization Settings > API Keys; role Organization Project Creator).",
    });
  }
  for (const key of ['organizationId', 'publicKey'] as const) {
    if (provider[key] === undefined) {
      throw new NxstackError('NXS_MONGODB_ATLAS_PROVIDER_MISSING', `providerConfig.mongoDbAtlas.${key} is required to deploy mongo-db-atlas-cluster resources to stage '${ctx.stage}'.`, {
        location: at(),
        hint: key === 'organizationId' ? 'The Atlas organization id (Organization Settings) the stack creates its project in.' : 'The public part of an Atlas API key of that organization.',
      });
    }
  }
  const privateKey = requireSecret(ctx, provider.privateKey, [...PROVIDER_PATH, 'privateKey'], 'providerConfig.mongoDbAtlas.privateKey', { absolutePath: true });
  const publicKey = ctx.resolve(provider.publicKey, [...PROVIDER_PATH, 'publicKey']);
  const value = ['{"PublicKey":"', publicKey, '","PrivateKey":"', secretReference(privateKey.name), '"}'];
  ctx.builder.addResource(ATLAS_IDS.profileSecret, {
    Type: 'AWS::SecretsManager::Secret',
    DeletionPolicy: 'Delete',
    Properties: {
      Name: `cfn/atlas/profile/${stack}`,
      Description: `MongoDB Atlas API key of stack ${stack} (profile read by the MongoDB::Atlas resource types)`,
      SecretString: value.every((v) => typeof v === 'string') ? value.join('') : { 'Fn::Join': ['', value] },
    },
  }, ctx.origin);
}

/** `internet` (default): 0.0.0.0/0; `whitelisted-ips-only`: only the listed addresses. Extra IPs join either. */
function accessList<P>(ctx: ResourceCompileContext<P>, provider: AtlasProvider | undefined): Array<Record<string, string>> {
  const mode = provider?.accessibility?.accessibilityMode ?? 'internet';
  const ips = provider?.accessibility?.whitelistedIps ?? [];
  if (mode === 'whitelisted-ips-only' && ips.length === 0) {
    throw new NxstackError('NXS_MONGODB_ATLAS_ACCESS_LIST_EMPTY', "accessibilityMode 'whitelisted-ips-only' lists no whitelistedIps: nothing could reach the clusters.", {
      location: ctx.locate([...PROVIDER_PATH, 'accessibility']),
      hint: 'List the addresses or CIDR ranges that may connect (e.g. 203.0.113.10 or 198.51.100.0/24).',
    });
  }
  const entries = mode === 'internet' ? [{ CIDRBlock: '0.0.0.0/0', Comment: 'accessibilityMode internet' }] : [];
  return [...entries, ...ips.map((ip) => ({ CIDRBlock: ip.includes('/') ? ip : `${ip}/32`, Comment: 'whitelistedIps' }))];
}
