import { z } from 'zod';
import { stringOrDirective } from '../common-schemas';
import { domainConfigurationSchema } from '../custom-domains';
import { valueCheck, type ValueProblem } from '../value-check';
import { userAuthPoolProblems } from '../user-auth-pool-checks';

/** Cognito's Lambda triggers, by Stacktape's name (each maps to the LambdaConfig key of the same name, capitalised). */
export const USER_POOL_HOOKS = [
  'customMessage',
  'postAuthentication',
  'postConfirmation',
  'preAuthentication',
  'preSignUp',
  'preTokenGeneration',
  'userMigration',
  'createAuthChallenge',
  'defineAuthChallenge',
  'verifyAuthChallengeResponse',
] as const;

export const IDENTITY_PROVIDER_TYPES = ['Facebook', 'Google', 'LoginWithAmazon', 'OIDC', 'SAML', 'SignInWithApple'] as const;

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

const mfaTypeSchema = z.enum(['SMS', 'SOFTWARE_TOKEN', 'EMAIL_OTP']);

/** Stacktape's `schema[]` entry: one AWS::Cognito::UserPool SchemaAttribute (a custom attribute is read as `custom:<name>`). */
const attributeSchema = z.strictObject({
  name: z.string().min(1).max(20),
  attributeDataType: z.enum(['String', 'Number', 'DateTime', 'Boolean']).optional(),
  developerOnlyAttribute: z.boolean().optional(),
  mutable: z.boolean().optional(),
  required: z.boolean().optional(),
  numberMaxValue: z.number().optional(),
  numberMinValue: z.number().optional(),
  stringMaxLength: z.number().int().min(0).max(2048).optional(),
  stringMinLength: z.number().int().min(0).max(2048).optional(),
});

const identityProviderSchema = z.strictObject({
  type: z.enum(IDENTITY_PROVIDER_TYPES),
  /** The app's id at the provider (not used by SAML). */
  clientId: stringOrDirective.optional(),
  /** `$Secret('<name>')` keeps it out of the template; a plain value is written into it (as Stacktape does). SignInWithApple: the private key. */
  clientSecret: stringOrDirective.optional(),
  /** Cognito attribute → provider attribute. Default `{ email: email }`. */
  attributeMapping: z.record(z.string().min(1), z.string().min(1)).optional(),
  authorizeScopes: z.array(z.string().min(1)).optional(),
  /** More ProviderDetails keys (oidc_issuer, MetadataURL, team_id, ...), merged over the ones nxstack derives. */
  providerDetails: z.record(z.string().min(1), stringOrDirective).optional(),
});

export const userAuthPoolPropertiesSchema = z
  .strictObject({
    /** How users prove their address: `email-code` (default), `email-link`, `sms`, `none`. */
    userVerificationType: z.enum(['email-code', 'email-link', 'sms', 'none']).optional(),
    /** Texts of the verification messages (Cognito's VerificationMessageTemplate). */
    userVerificationMessageConfig: z
      .strictObject({
        emailMessageUsingCode: z.string().min(1).optional(),
        emailMessageUsingLink: z.string().min(1).optional(),
        emailSubjectUsingCode: z.string().min(1).optional(),
        emailSubjectUsingLink: z.string().min(1).optional(),
        smsMessage: z.string().min(1).optional(),
      })
      .optional(),
    /** Stacktape reserves these: they must agree with userVerificationType (checked), which is what turns verification on. */
    requireEmailVerification: z.boolean().optional(),
    requirePhoneNumberVerification: z.boolean().optional(),
    allowOnlyAdminsToCreateAccount: z.boolean().optional(),
    /** Days an admin-created account stays usable before its first sign-in (default 31, Stacktape's; passwordPolicy.temporaryPasswordValidityDays, when set, is the same setting). */
    unusedAccountValidityDays: z.number().int().min(0).max(365).optional(),
    inviteMessageConfig: z
      .strictObject({ emailMessage: z.string().min(1).optional(), emailSubject: z.string().min(1).optional(), smsMessage: z.string().min(1).optional() })
      .optional(),
    emailConfiguration: z
      .strictObject({ sesAddressArn: stringOrDirective.optional(), from: z.string().min(1).optional(), replyToEmailAddress: z.string().min(1).optional() })
      .optional(),
    /** Stacktape's default: true (users sign in with their email address). */
    allowEmailAsUserName: z.boolean().optional(),
    /** Stacktape's default: true (users sign in with their phone number). */
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
    /** Stacktape's `{ status, enabledTypes }`; a bare `OFF` / `ON` / `OPTIONAL` is read as `{ status }`. */
    mfaConfiguration: z
      .union([z.enum(['OFF', 'ON', 'OPTIONAL']), z.strictObject({ status: z.enum(['OFF', 'ON', 'OPTIONAL']).optional(), enabledTypes: z.array(mfaTypeSchema).min(1).optional() })])
      .optional(),
    /** Custom attributes (and settings of standard ones). */
    schema: z.array(attributeSchema).optional(),
    /** Cognito Lambda triggers: a function resource's name, `$ResourceParam('<function>', 'arn')` or a Lambda ARN. */
    hooks: z.partialRecord(z.enum(USER_POOL_HOOKS), stringOrDirective).optional(),
    identityProviders: z.array(identityProviderSchema).optional(),
    allowOnlyExternalIdentityProviders: z.boolean().optional(),
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
    /**
     * The hosted UI / OAuth endpoints on a domain of yours (Cognito serves it through CloudFront):
     * a us-east-1 certificate (nxstack's, validated in the domain's hosted zone, or
     * customCertificateArn) and an alias record to Cognito's distribution (unless
     * disableDnsRecordCreation). Cognito needs the parent domain to resolve (an A record).
     */
    customDomain: domainConfigurationSchema.optional(),
    /** Name of a web-app-firewall of this stack (scope regional): its rules inspect requests to the pool's hosted UI and OAuth endpoints. */
    useFirewall: z.string().min(1).optional(),
  })
  .check(valueCheck(hostedUiProblems))
  .check(valueCheck(userAuthPoolProblems));

export const USER_AUTH_POOL_PARAMS = ['id', 'clientId', 'arn', 'providerUrl', 'domain', 'clientSecret'] as const;

export const userAuthPoolResourceType = {
  type: 'user-auth-pool',
  propertiesSchema: userAuthPoolPropertiesSchema,
  params: USER_AUTH_POOL_PARAMS,
} as const;

export type UserAuthPoolProperties = z.output<typeof userAuthPoolPropertiesSchema>;
export type UserPoolHookName = (typeof USER_POOL_HOOKS)[number];
export type IdentityProviderType = (typeof IDENTITY_PROVIDER_TYPES)[number];
