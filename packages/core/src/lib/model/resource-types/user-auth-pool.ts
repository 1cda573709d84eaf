import { z } from 'zod';
import { valueCheck, type ValueProblem } from '../value-check';

/** AWS::Cognito::UserPoolDomain `Domain` for a prefix domain (CreateUserPoolDomain's documented pattern, 1–63 characters). */
const COGNITO_DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function hostedUiProblems(p: { enableHostedUi?: unknown; hostedUiDomainPrefix?: unknown; hostedUiCSS?: unknown } | null): ValueProblem[] {
  if (!p || typeof p !== 'object') return [];
  const problems: ValueProblem[] = [];
  if (typeof p.hostedUiDomainPrefix === 'string' && !COGNITO_DOMAIN_PREFIX.test(p.hostedUiDomainPrefix)) {
    problems.push({
      code: 'NXS_INVALID_VALUE',
      message: `invalid value ${JSON.stringify(p.hostedUiDomainPrefix)}: a Cognito domain prefix is 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen (AWS would refuse it at deploy)`,
      hint: "Write the prefix with [a-z0-9-] only, e.g. $Format('{}-my-app-auth', $Stage()).",
      path: ['hostedUiDomainPrefix'],
    });
  }
  for (const key of ['hostedUiDomainPrefix', 'hostedUiCSS'] as const) {
    if (p[key] !== undefined && p.enableHostedUi === false) {
      problems.push({ code: 'NXS_INVALID_VALUE', message: `${key} is set but enableHostedUi is false`, hint: `Set enableHostedUi: true, or remove ${key}.`, path: [key] });
    }
  }
  return problems;
}

export const userAuthPoolPropertiesSchema = z
  .strictObject({
    /** How users prove their address: `email-code` (default), `email-link`, `sms`, `none`. */
    userVerificationType: z.enum(['email-code', 'email-link', 'sms', 'none']).optional(),
    allowOnlyAdminsToCreateAccount: z.boolean().optional(),
    allowEmailAsUserName: z.boolean().optional(),
    allowPhoneNumberAsUserName: z.boolean().optional(),
    passwordPolicy: z
      .strictObject({
        minimumLength: z.number().int().min(6).max(99).optional(),
        requireLowercase: z.boolean().optional(),
        requireUppercase: z.boolean().optional(),
        requireNumbers: z.boolean().optional(),
        requireSymbols: z.boolean().optional(),
        temporaryPasswordValidityDays: z.number().int().min(0).max(365).optional(),
      })
      .optional(),
    mfaConfiguration: z.enum(['OFF', 'ON', 'OPTIONAL']).optional(),
    generateClientSecret: z.boolean().optional(),
    accessTokenValiditySeconds: z.number().int().min(300).max(86400).optional(),
    idTokenValiditySeconds: z.number().int().min(300).max(86400).optional(),
    refreshTokenValidityDays: z.number().int().min(1).max(3650).optional(),
    callbackURLs: z.array(z.string().min(1)).optional(),
    logoutURLs: z.array(z.string().min(1)).optional(),
    allowedOAuthFlows: z.array(z.enum(['code', 'implicit', 'client_credentials'])).optional(),
    allowedOAuthScopes: z.array(z.string().min(1)).optional(),
    /** Cognito's hosted sign-in pages on `<hostedUiDomainPrefix>.auth.<region>.amazoncognito.com`. */
    enableHostedUi: z.boolean().optional(),
    /** Default `<stack name>-<resource name>`, lower case. */
    hostedUiDomainPrefix: z.string().optional(),
    hostedUiCSS: z.string().min(1).optional(),
  })
  .check(valueCheck(hostedUiProblems));

export const USER_AUTH_POOL_PARAMS = ['id', 'clientId', 'arn', 'providerUrl'] as const;

export const userAuthPoolResourceType = {
  type: 'user-auth-pool',
  propertiesSchema: userAuthPoolPropertiesSchema,
  params: USER_AUTH_POOL_PARAMS,
} as const;

export type UserAuthPoolProperties = z.output<typeof userAuthPoolPropertiesSchema>;
