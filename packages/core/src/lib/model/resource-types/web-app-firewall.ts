import { z } from 'zod';
import { overridesSchema } from '../common-schemas';

/** The MIME types WAF answers custom response bodies with (WebACL CustomResponseBody ContentType: TEXT_PLAIN, TEXT_HTML, APPLICATION_JSON). */
export const WAF_CONTENT_TYPES = ['text/plain', 'text/html', 'application/json'] as const;

/** Stacktape's CommonRuleProps: every rule has a unique priority and a name; metrics on, samples off. */
const commonRuleProps = {
  priority: z.number().int().min(0),
  name: z.string().regex(/^[\w-]{1,128}$/, 'letters, digits, _ and -, at most 128'),
  disableMetrics: z.boolean().default(false),
  sampledRequestsEnabled: z.boolean().default(false),
};

const managedRuleGroupSchema = z.strictObject({
  type: z.literal('managed-rule-group'),
  properties: z.strictObject({
    ...commonRuleProps,
    vendorName: z.string().min(1),
    excludedRules: z.array(z.string().min(1)).optional(),
    overrideAction: z.enum(['None', 'Count']).default('None'),
  }),
});

const customRuleGroupSchema = z.strictObject({
  type: z.literal('custom-rule-group'),
  properties: z.strictObject({
    ...commonRuleProps,
    arn: z.string().min(1),
    overrideAction: z.enum(['None', 'Count']).default('None'),
  }),
});

const rateBasedRuleSchema = z.strictObject({
  type: z.literal('rate-based-rule'),
  properties: z.strictObject({
    ...commonRuleProps,
    limit: z.number().int().min(100).max(20_000_000),
    aggregateBasedOn: z.enum(['IP', 'FORWARDED_IP']).default('IP'),
    forwardedIPConfig: z.strictObject({ fallbackBehavior: z.enum(['MATCH', 'NO_MATCH']), headerName: z.string().min(1) }).optional(),
    action: z.enum(['Allow', 'Block', 'Count', 'Captcha', 'Challenge']).default('Block'),
  }),
});

export const webAppFirewallRuleSchema = z.discriminatedUnion('type', [managedRuleGroupSchema, customRuleGroupSchema, rateBasedRuleSchema]);

/**
 * `type: web-app-firewall` (Stacktape's WebAppFirewallProps): a WAFv2 web ACL. `scope: cdn` is
 * for CloudFront distributions (AWS keeps those in us-east-1), `regional` for load balancers and
 * user pools. Without `rules`: AWS's AWSManagedRulesCommonRuleSet + AWSManagedRulesKnownBadInputsRuleSet.
 */
export const webAppFirewallPropertiesSchema = z.strictObject({
  scope: z.enum(['regional', 'cdn']),
  defaultAction: z.enum(['Allow', 'Block']).default('Allow'),
  rules: z.array(webAppFirewallRuleSchema).optional(),
  customResponseBodies: z.record(z.string().regex(/^[\w-]{1,128}$/), z.strictObject({ contentType: z.enum(WAF_CONTENT_TYPES), content: z.string().min(1).max(10_240) })).optional(),
  captchaImmunityTime: z.number().int().min(60).max(259_200).default(300),
  challengeImmunityTime: z.number().int().min(300).max(259_200).default(300),
  tokenDomains: z.array(z.string().min(1)).optional(),
  disableMetrics: z.boolean().default(false),
  sampledRequestsEnabled: z.boolean().default(false),
});

export const WEB_APP_FIREWALL_PARAMS = ['arn', 'scope'] as const;

export const webAppFirewallResourceType = {
  type: 'web-app-firewall',
  propertiesSchema: webAppFirewallPropertiesSchema,
  params: WEB_APP_FIREWALL_PARAMS,
} as const;

export const webAppFirewallResourceSchema = z.strictObject({
  type: z.literal(webAppFirewallResourceType.type),
  properties: webAppFirewallPropertiesSchema,
  overrides: overridesSchema.optional(),
});

export type WebAppFirewallProperties = z.output<typeof webAppFirewallPropertiesSchema>;
export type WebAppFirewallRule = z.output<typeof webAppFirewallRuleSchema>;
