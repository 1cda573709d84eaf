import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

interface UserAuthPoolProps {
  userVerificationType?: 'email-code' | 'email-link' | 'sms' | 'none';
  allowOnlyAdminsToCreateAccount?: boolean;
  allowEmailAsUserName?: boolean;
  allowPhoneNumberAsUserName?: boolean;
  passwordPolicy?: Record<string, number | boolean | undefined>;
  mfaConfiguration?: string;
  generateClientSecret?: boolean;
  accessTokenValiditySeconds?: number;
  idTokenValiditySeconds?: number;
  refreshTokenValidityDays?: number;
  callbackURLs?: string[];
  logoutURLs?: string[];
  allowedOAuthFlows?: string[];
  allowedOAuthScopes?: string[];
  enableHostedUi?: boolean;
  hostedUiDomainPrefix?: string;
  hostedUiCSS?: string;
}

const poolId = (name: string) => logicalId(name, 'UserPool');
const clientId = (name: string) => logicalId(name, 'UserPoolClient');
const domainId = (name: string) => logicalId(name, 'UserPoolDomain');

/** Stacktape's default hosted UI prefix: `<stack name>-<resource name>` in lower case (AWS allows [a-z0-9-] only). */
function defaultDomainPrefix(projectName: string, stage: string, name: string): string {
  return physicalName(projectName.toLowerCase(), stage.toLowerCase(), name.toLowerCase(), 63)
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+$/, '');
}

/** `type: user-auth-pool` — AWS::Cognito::UserPool + AWS::Cognito::UserPoolClient. */
export const userAuthPoolType: ResourceTypeModule = {
  type: 'user-auth-pool',
  params: {
    id: (name) => ref(poolId(name)),
    clientId: (name) => ref(clientId(name)),
    arn: (name) => getAtt(poolId(name), 'Arn'),
    providerUrl: (name) => getAtt(poolId(name), 'ProviderURL'),
  },
  outputs: { Id: 'id', ClientId: 'clientId', Arn: 'arn' },
  compile(ctx) {
    const p = (ctx.properties ?? {}) as UserAuthPoolProps;
    const verification = p.userVerificationType ?? 'email-code';
    const pool: Record<string, unknown> = {
      UserPoolName: physicalName(ctx.projectName, ctx.stage, ctx.name, 128),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: p.allowOnlyAdminsToCreateAccount ?? false },
      MfaConfiguration: p.mfaConfiguration ?? 'OFF',
    };
    const usernameAttributes = [...(p.allowEmailAsUserName ? ['email'] : []), ...(p.allowPhoneNumberAsUserName ? ['phone_number'] : [])];
    if (usernameAttributes.length) pool.UsernameAttributes = usernameAttributes;
    if (verification === 'email-code' || verification === 'email-link') {
      pool.AutoVerifiedAttributes = ['email'];
      pool.VerificationMessageTemplate = { DefaultEmailOption: verification === 'email-link' ? 'CONFIRM_WITH_LINK' : 'CONFIRM_WITH_CODE' };
    } else if (verification === 'sms') pool.AutoVerifiedAttributes = ['phone_number'];
    if (p.passwordPolicy) {
      const pp = p.passwordPolicy;
      const policy: Record<string, unknown> = {};
      if (pp.minimumLength !== undefined) policy.MinimumLength = pp.minimumLength;
      if (pp.requireLowercase !== undefined) policy.RequireLowercase = pp.requireLowercase;
      if (pp.requireUppercase !== undefined) policy.RequireUppercase = pp.requireUppercase;
      if (pp.requireNumbers !== undefined) policy.RequireNumbers = pp.requireNumbers;
      if (pp.requireSymbols !== undefined) policy.RequireSymbols = pp.requireSymbols;
      if (pp.temporaryPasswordValidityDays !== undefined) policy.TemporaryPasswordValidityDays = pp.temporaryPasswordValidityDays;
      pool.Policies = { PasswordPolicy: policy };
    }
    ctx.builder.addResource(poolId(ctx.name), { Type: 'AWS::Cognito::UserPool', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: pool }, ctx.origin);

    const client: Record<string, unknown> = {
      UserPoolId: ref(poolId(ctx.name)),
      ClientName: `${ctx.name}-client`,
      GenerateSecret: p.generateClientSecret ?? false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
    };
    if (p.accessTokenValiditySeconds || p.idTokenValiditySeconds || p.refreshTokenValidityDays) {
      client.TokenValidityUnits = { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'days' };
      if (p.accessTokenValiditySeconds) client.AccessTokenValidity = p.accessTokenValiditySeconds;
      if (p.idTokenValiditySeconds) client.IdTokenValidity = p.idTokenValiditySeconds;
      if (p.refreshTokenValidityDays) client.RefreshTokenValidity = p.refreshTokenValidityDays;
    }
    // The hosted UI signs users in through OAuth: without flows of its own it gets Stacktape's default ones.
    const hostedUi = p.enableHostedUi === true || p.hostedUiDomainPrefix !== undefined || p.hostedUiCSS !== undefined;
    const flows = p.allowedOAuthFlows ?? (hostedUi ? ['code', 'implicit'] : undefined);
    if (flows?.length) {
      client.AllowedOAuthFlows = flows;
      client.AllowedOAuthFlowsUserPoolClient = true;
      client.AllowedOAuthScopes = p.allowedOAuthScopes ?? ['openid', 'email', 'profile'];
      client.SupportedIdentityProviders = ['COGNITO'];
    }
    if (p.callbackURLs?.length) client.CallbackURLs = p.callbackURLs;
    if (p.logoutURLs?.length) client.LogoutURLs = p.logoutURLs;
    ctx.builder.addResource(clientId(ctx.name), { Type: 'AWS::Cognito::UserPoolClient', Properties: client }, ctx.origin);

    if (hostedUi) {
      const Domain = p.hostedUiDomainPrefix ?? defaultDomainPrefix(ctx.projectName, ctx.stage, ctx.name);
      ctx.builder.addResource(domainId(ctx.name), { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: ref(poolId(ctx.name)), Domain } }, ctx.origin);
      if (p.hostedUiCSS !== undefined) {
        // Cognito customises the UI of a pool that has a domain.
        ctx.builder.addResource(
          logicalId(ctx.name, 'UserPoolUICustomization'),
          { Type: 'AWS::Cognito::UserPoolUICustomizationAttachment', DependsOn: [domainId(ctx.name)], Properties: { UserPoolId: ref(poolId(ctx.name)), ClientId: ref(clientId(ctx.name)), CSS: p.hostedUiCSS } },
          ctx.origin,
        );
      }
    }
  },
};
