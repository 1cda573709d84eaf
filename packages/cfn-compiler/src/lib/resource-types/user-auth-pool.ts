import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

interface UserAuthPoolProps {
  userVerificationType?: 'email-code' | 'email-link' | 'sms' | 'none';
  allowOnlyAdminsToCreateAccounts?: boolean;
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
}

const poolId = (name: string) => logicalId(name, 'UserPool');
const clientId = (name: string) => logicalId(name, 'UserPoolClient');

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
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: p.allowOnlyAdminsToCreateAccounts ?? false },
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
    if (p.allowedOAuthFlows?.length) {
      client.AllowedOAuthFlows = p.allowedOAuthFlows;
      client.AllowedOAuthFlowsUserPoolClient = true;
      client.AllowedOAuthScopes = p.allowedOAuthScopes ?? ['openid', 'email', 'profile'];
      client.SupportedIdentityProviders = ['COGNITO'];
    }
    if (p.callbackURLs?.length) client.CallbackURLs = p.callbackURLs;
    if (p.logoutURLs?.length) client.LogoutURLs = p.logoutURLs;
    ctx.builder.addResource(clientId(ctx.name), { Type: 'AWS::Cognito::UserPoolClient', Properties: client }, ctx.origin);
  },
};
