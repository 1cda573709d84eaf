import { isLocalStage, type UserAuthPoolProperties } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { compileUserPoolCustomDomain } from '../user-auth-pool/custom-domain';
import { compileUserPoolHooks } from '../user-auth-pool/hooks';
import { compileIdentityProviders } from '../user-auth-pool/identity-providers';
import { sendsSms, userPoolProperties } from '../user-auth-pool/pool-properties';
import { getAtt, ref, sub, type ResourceTypeModule } from './resource-type';
import { compileFirewallAssociation } from './use-firewall';

const poolId = (name: string) => logicalId(name, 'UserPool');
const clientId = (name: string) => logicalId(name, 'UserPoolClient');
const domainId = (name: string) => logicalId(name, 'UserPoolDomain');
const smsRoleId = (name: string) => logicalId(name, 'UserPoolSmsRole');

/** Stacktape's default hosted UI prefix: `<stack name>-<resource name>` in lower case (AWS allows [a-z0-9-] only). */
function defaultDomainPrefix(projectName: string, stage: string, name: string): string {
  return physicalName(projectName.toLowerCase(), stage.toLowerCase(), name.toLowerCase(), 63)
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+$/, '');
}

/** The hosted UI needs a domain, and so do external identity providers (they answer on `https://<domain>/oauth2/idpresponse`). */
const hasDomain = (p: UserAuthPoolProperties) => p.enableHostedUi === true || p.hostedUiDomainPrefix !== undefined || p.hostedUiCSS !== undefined || !!p.identityProviders?.length || p.customDomain !== undefined;
/** The `<prefix>.auth.<region>.amazoncognito.com` domain: a customDomain takes its place (as in Stacktape) unless hostedUiDomainPrefix asks for it too (Cognito allows one of each). */
const hasPrefixDomain = (p: UserAuthPoolProperties) => hasDomain(p) && (p.customDomain === undefined || p.hostedUiDomainPrefix !== undefined);
const domainPrefix = (p: UserAuthPoolProperties, projectName: string, stage: string, name: string) => p.hostedUiDomainPrefix ?? defaultDomainPrefix(projectName, stage, name);

/** Client flows for custom authentication challenges, allowed when the pool has the hooks that run them. */
const CUSTOM_AUTH_HOOKS = ['defineAuthChallenge', 'createAuthChallenge', 'verifyAuthChallengeResponse'] as const;

/**
 * `type: user-auth-pool` — AWS::Cognito::UserPool + AWS::Cognito::UserPoolClient, with a domain
 * (hosted UI, identity providers; a customDomain in place of the prefix one), identity providers, hook permissions, an SNS role when
 * Cognito sends SMS, and the WebACLAssociation of its `useFirewall`.
 */
export const userAuthPoolType: ResourceTypeModule<UserAuthPoolProperties> = {
  type: 'user-auth-pool',
  params: {
    id: (name) => ref(poolId(name)),
    clientId: (name) => ref(clientId(name)),
    arn: (name) => getAtt(poolId(name), 'Arn'),
    providerUrl: (name) => getAtt(poolId(name), 'ProviderURL'),
    domain: (name, p, scope) =>
      p?.customDomain ? p.customDomain.domainName : hasDomain(p ?? {}) ? sub(`${domainPrefix(p ?? {}, scope.projectName, scope.stage, name)}.auth.\${AWS::Region}.amazoncognito.com`) : undefined,
    // Never a stack output (outputs are printed): only where a $ResourceParam puts it.
    clientSecret: (name, p) => (p?.generateClientSecret ? getAtt(clientId(name), 'ClientSecret') : undefined),
  },
  outputs: { Id: 'id', ClientId: 'clientId', Arn: 'arn' },
  compile(ctx) {
    const p = ctx.properties ?? {};
    const pool: Record<string, unknown> = {
      UserPoolName: physicalName(ctx.projectName, ctx.stage, ctx.name, 128),
      ...userPoolProperties(p, (value, key) => ctx.resolve(value, [...ctx.path, 'properties', key])),
    };
    const lambdaConfig = compileUserPoolHooks(ctx, p, poolId(ctx.name));
    if (lambdaConfig) pool.LambdaConfig = lambdaConfig;
    if (sendsSms(p)) {
      // The external id ties the role to this pool (Cognito passes it when it assumes the role).
      const externalId = physicalName(ctx.projectName, ctx.stage, ctx.name, 128);
      pool.SmsConfiguration = { SnsCallerArn: getAtt(smsRoleId(ctx.name), 'Arn'), ExternalId: externalId };
      ctx.builder.addResource(
        smsRoleId(ctx.name),
        {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
            },
            Policies: [{ PolicyName: 'send-sms', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] } }],
          },
        },
        ctx.origin,
      );
    }
    ctx.builder.addResource(poolId(ctx.name), { Type: 'AWS::Cognito::UserPool', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: pool }, ctx.origin);
    const providers = compileIdentityProviders(ctx, p, poolId(ctx.name));

    const client: Record<string, unknown> = {
      UserPoolId: ref(poolId(ctx.name)),
      ClientName: `${ctx.name}-client`,
      GenerateSecret: p.generateClientSecret ?? false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', ...(CUSTOM_AUTH_HOOKS.some((h) => p.hooks?.[h] !== undefined) ? ['ALLOW_CUSTOM_AUTH'] : [])],
    };
    if (p.accessTokenValiditySeconds || p.idTokenValiditySeconds || p.refreshTokenValidityDays) {
      client.TokenValidityUnits = { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'days' };
      if (p.accessTokenValiditySeconds) client.AccessTokenValidity = p.accessTokenValiditySeconds;
      if (p.idTokenValiditySeconds) client.IdTokenValidity = p.idTokenValiditySeconds;
      if (p.refreshTokenValidityDays) client.RefreshTokenValidity = p.refreshTokenValidityDays;
    }
    // The hosted UI and external providers sign users in through OAuth: without flows of their own they get Stacktape's defaults.
    const domain = hasDomain(p);
    const flows = p.allowedOAuthFlows ?? (domain ? ['code', 'implicit'] : undefined);
    if (flows?.length) {
      client.AllowedOAuthFlows = flows;
      client.AllowedOAuthFlowsUserPoolClient = true;
      client.AllowedOAuthScopes = p.allowedOAuthScopes ?? ['openid', 'email', 'profile'];
      client.SupportedIdentityProviders = [...(p.allowOnlyExternalIdentityProviders ? [] : ['COGNITO']), ...providers.names];
      // Cognito needs somewhere to send users back to: Stacktape's default is a local app's callback.
      if (!p.callbackURLs?.length && !flows.every((f) => f === 'client_credentials')) client.CallbackURLs = ['http://localhost:3000/api/auth/callback/cognito'];
    } else if (providers.names.length || p.allowOnlyExternalIdentityProviders) {
      client.SupportedIdentityProviders = [...(p.allowOnlyExternalIdentityProviders ? [] : ['COGNITO']), ...providers.names];
    }
    if (p.callbackURLs?.length) client.CallbackURLs = p.callbackURLs;
    if (p.logoutURLs?.length) client.LogoutURLs = p.logoutURLs;
    // A client may only name providers that exist.
    ctx.builder.addResource(clientId(ctx.name), { Type: 'AWS::Cognito::UserPoolClient', ...(providers.ids.length ? { DependsOn: providers.ids } : {}), Properties: client }, ctx.origin);

    const domains: string[] = [];
    if (hasPrefixDomain(p)) {
      const Domain = domainPrefix(p, ctx.projectName, ctx.stage, ctx.name);
      ctx.builder.addResource(domainId(ctx.name), { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: ref(poolId(ctx.name)), Domain } }, ctx.origin);
      domains.push(domainId(ctx.name));
    }
    const custom = compileUserPoolCustomDomain(ctx, poolId(ctx.name));
    if (custom) domains.push(custom);
    if (domain && p.hostedUiCSS !== undefined) {
      // Cognito customises the UI of a pool that has a domain.
      ctx.builder.addResource(
        logicalId(ctx.name, 'UserPoolUICustomization'),
        { Type: 'AWS::Cognito::UserPoolUICustomizationAttachment', ...(domains.length ? { DependsOn: domains } : {}), Properties: { UserPoolId: ref(poolId(ctx.name)), ClientId: ref(clientId(ctx.name)), CSS: p.hostedUiCSS } },
        ctx.origin,
      );
    }
    if (p.useFirewall) compileFirewallAssociation(ctx, p.useFirewall, getAtt(poolId(ctx.name), 'Arn'));
    if (isLocalStage(ctx.stage) && (lambdaConfig || providers.names.length)) {
      const at = ctx.locate([...ctx.path, 'properties', lambdaConfig ? 'hooks' : 'identityProviders']);
      const parts = [lambdaConfig && `its hooks (${Object.keys(p.hooks ?? {}).join(', ')}) are never invoked`, providers.names.length && `its identity providers (${providers.names.join(', ')}) are never contacted`].filter(Boolean);
      ctx.warn(`${[at.file, at.line, at.column].filter((x) => x !== undefined).join(':')}: user-auth-pool '${ctx.name}': the local stage does not emulate Cognito: ${parts.join(' and ')} there; deploy to an AWS stage to use them.`);
    }
  },
};
