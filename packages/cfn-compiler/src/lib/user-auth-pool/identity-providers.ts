import { NxstackError, type UserAuthPoolProperties } from '@nxstack/core';
import { containsSsmSecure } from '../directives';
import { logicalId } from '../logical-ids';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { ref } from '../resource-types/resource-type';

type Provider = NonNullable<UserAuthPoolProperties['identityProviders']>[number];

/** Scopes asked for when the provider sets no authorizeScopes (Stacktape's; Apple's are Cognito's documented ones). */
const DEFAULT_SCOPES: Readonly<Record<Provider['type'], string | undefined>> = {
  Google: 'profile email openid',
  Facebook: 'public_profile,email',
  LoginWithAmazon: 'profile postal_code',
  OIDC: 'email profile openid',
  SignInWithApple: 'email name',
  SAML: undefined,
};

/** Facebook separates scopes with commas, every other provider with spaces. */
const scopeSeparator = (type: Provider['type']) => (type === 'Facebook' ? ',' : ' ');

/**
 * ProviderDetails: the client id and secret under the provider's keys (Apple: `private_key` is the
 * secret part, with `team_id` and `key_id` in providerDetails), scopes, then providerDetails over
 * them. A `$Secret()` client secret becomes a dynamic reference: the value never enters the template.
 */
function providerDetails(ctx: ResourceCompileContext<UserAuthPoolProperties>, p: Provider, path: (string | number)[]): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (p.clientId !== undefined) details.client_id = ctx.resolve(p.clientId, [...path, 'clientId']);
  if (p.clientSecret !== undefined) {
    const secret = ctx.resolve(p.clientSecret, [...path, 'clientSecret']);
    if (containsSsmSecure(secret)) {
      throw new NxstackError('NXS_SECRET_SSM_SECURE_UNSUPPORTED', `The ${p.type} client secret of user-auth-pool '${ctx.name}' uses an ssm-secure parameter, which CloudFormation does not resolve in a Cognito identity provider.`, {
        location: ctx.locate([...path, 'clientSecret']),
        hint: "Store the value in Secrets Manager and use $Secret('<secret name>').",
      });
    }
    details[p.type === 'SignInWithApple' ? 'private_key' : 'client_secret'] = secret;
  }
  const scopes = p.authorizeScopes?.join(scopeSeparator(p.type)) ?? DEFAULT_SCOPES[p.type];
  if (scopes) details.authorize_scopes = scopes;
  // OIDC: Cognito needs the request method; GET is its default in the console.
  if (p.type === 'OIDC') details.attributes_request_method = 'GET';
  return { ...details, ...(ctx.resolve(p.providerDetails ?? {}, [...path, 'providerDetails']) as Record<string, unknown>) };
}

/** One AWS::Cognito::UserPoolIdentityProvider per entry, named by its type (as Stacktape names them); returns their logical ids and names. */
export function compileIdentityProviders(ctx: ResourceCompileContext<UserAuthPoolProperties>, pool: UserAuthPoolProperties, poolId: string): { ids: string[]; names: string[] } {
  const providers = pool.identityProviders ?? [];
  providers.forEach((p, i) => {
    const path = [...ctx.path, 'properties', 'identityProviders', i];
    if (typeof p.clientSecret === 'string') {
      const at = ctx.locate([...path, 'clientSecret']);
      ctx.warn(`${[at.file, at.line, at.column].filter((x) => x !== undefined).join(':')}: the ${p.type} client secret of user-auth-pool '${ctx.name}' is written in stack.yml, so it is stored in the CloudFormation template; write it as $Secret('<secret name>') to keep it out.`);
    }
    ctx.builder.addResource(
      logicalId(ctx.name, `${p.type}IdentityProvider`),
      {
        Type: 'AWS::Cognito::UserPoolIdentityProvider',
        Properties: { UserPoolId: ref(poolId), ProviderName: p.type, ProviderType: p.type, ProviderDetails: providerDetails(ctx, p, path), AttributeMapping: p.attributeMapping ?? { email: 'email' } },
      },
      ctx.origin,
    );
  });
  return { ids: providers.map((p) => logicalId(ctx.name, `${p.type}IdentityProvider`)), names: providers.map((p) => p.type) };
}
