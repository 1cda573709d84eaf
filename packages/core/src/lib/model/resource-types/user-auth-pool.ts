import { z } from 'zod';

export const userAuthPoolPropertiesSchema = z.strictObject({
  /** How users prove their address: `email-code` (default), `email-link`, `sms`, `none`. */
  userVerificationType: z.enum(['email-code', 'email-link', 'sms', 'none']).optional(),
  allowOnlyAdminsToCreateAccounts: z.boolean().optional(),
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
});

export const USER_AUTH_POOL_PARAMS = ['id', 'clientId', 'arn', 'providerUrl'] as const;

export const userAuthPoolResourceType = {
  type: 'user-auth-pool',
  propertiesSchema: userAuthPoolPropertiesSchema,
  params: USER_AUTH_POOL_PARAMS,
} as const;

export type UserAuthPoolProperties = z.output<typeof userAuthPoolPropertiesSchema>;
