import { z } from 'zod';
import { overridesSchema } from '../common-schemas';
import { loadBalancerCustomDomainsSchema } from '../custom-domains';
import { notSupportedYet } from '../not-supported-yet';
import { valueCheck } from '../value-check';

// application-load-balancer and network-load-balancer resources, and the events that attach
// functions / containers to them (Stacktape's names).

const portSchema = z.number().int().min(1).max(65535);
const cidrSchema = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: 'must be an IPv4 CIDR block (e.g. 203.0.113.0/24)' });
const certificateArnsSchema = z.array(z.string().regex(/^arn:aws[a-z-]*:acm:/, { message: 'must be the ARN of an ACM certificate' })).min(1);

const redirectSchema = z.strictObject({
  type: z.literal('redirect'),
  properties: z.strictObject({
    path: z.string().startsWith('/').optional(),
    query: z.string().optional(),
    port: portSchema.optional(),
    host: z.string().min(1).optional(),
    protocol: z.enum(['HTTP', 'HTTPS']).optional(),
    statusCode: z.enum(['HTTP_301', 'HTTP_302']),
  }),
});

export const albListenerSchema = z.strictObject({
  protocol: z.enum(['HTTP', 'HTTPS']),
  port: portSchema,
  /** Default for HTTPS: the certificates of the load balancer's customDomains. */
  customCertificateArns: certificateArnsSchema.optional(),
  whitelistIps: z.array(cidrSchema).optional(),
  defaultAction: redirectSchema.optional(),
});

export const applicationLoadBalancerPropertiesSchema = z.strictObject({
  /** Default `internet`. */
  interface: z.enum(['internet', 'internal']).default('internet'),
  /** Default: HTTPS on 443 + HTTP on 80 redirecting to it with customDomains, else HTTP on 80. */
  listeners: z.array(albListenerSchema).min(1).optional(),
  /** Each domain: its certificate on the HTTPS listeners and an alias record (AWS stages). */
  customDomains: loadBalancerCustomDomainsSchema.optional(),
  cdn: notSupportedYet('application-load-balancer cdn'),
  // Stacktape's alarms (alarms.d.ts) notify through notificationTargets (Slack, MS Teams, Discord,
  // email, webhook) sent by Stacktape's own notifier, and disabledGlobalAlarms names alarms kept in
  // the Stacktape Console: nxstack has neither, so an alarm would fire to no one. Refused until a
  // notification delivery exists.
  alarms: notSupportedYet('application-load-balancer alarms'),
  disabledGlobalAlarms: notSupportedYet('application-load-balancer disabledGlobalAlarms'),
  /** Name of a web-app-firewall of this stack (scope regional). */
  useFirewall: z.string().min(1).optional(),
});

export const nlbListenerSchema = z.strictObject({
  protocol: z.enum(['TCP', 'TLS']),
  port: portSchema,
  /** Default for TLS: the certificates of the load balancer's customDomains. */
  customCertificateArns: certificateArnsSchema.optional(),
  whitelistIps: z.array(cidrSchema).optional(),
});

export const networkLoadBalancerPropertiesSchema = z.strictObject({
  interface: z.enum(['internet', 'internal']).default('internet'),
  listeners: z.array(nlbListenerSchema).min(1),
  /** Each domain: its certificate on the TLS listeners and an alias record (AWS stages). */
  customDomains: loadBalancerCustomDomainsSchema.optional(),
});

/**
 * `domain` = the load balancer's DNS name (`canonicalDomain` too); `url` = `https://<first custom
 * domain>` with customDomains, else `http://<domain>` (the first HTTP listener); `customDomains` =
 * the domain names joined by commas.
 */
export const APPLICATION_LOAD_BALANCER_PARAMS = ['domain', 'url', 'arn', 'customDomains', 'canonicalDomain'] as const;
export const NETWORK_LOAD_BALANCER_PARAMS = ['domain', 'arn', 'customDomains', 'canonicalDomain'] as const;

export const applicationLoadBalancerResourceType = { type: 'application-load-balancer', propertiesSchema: applicationLoadBalancerPropertiesSchema, params: APPLICATION_LOAD_BALANCER_PARAMS } as const;
export const networkLoadBalancerResourceType = { type: 'network-load-balancer', propertiesSchema: networkLoadBalancerPropertiesSchema, params: NETWORK_LOAD_BALANCER_PARAMS } as const;

/** The request conditions of an `application-load-balancer` event (function or container). */
export const albIntegrationProperties = {
  loadBalancerName: z.string().min(1),
  /** Default: the load balancer's only listener (required when it has several). */
  listenerPort: portSchema.optional(),
  /** Rule priority on the listener (1 … 50000, unique per listener). */
  priority: z.number().int().min(1).max(50000),
  paths: z.array(z.string().min(1)).min(1).optional(),
  methods: z.array(z.string().min(1)).min(1).optional(),
  hosts: z.array(z.string().min(1)).min(1).optional(),
  headers: z.array(z.strictObject({ headerName: z.string().min(1), values: z.array(z.string()).min(1) })).min(1).optional(),
  queryParams: z.array(z.strictObject({ paramName: z.string().min(1), values: z.array(z.string()).min(1) })).min(1).optional(),
  sourceIps: z.array(cidrSchema).min(1).optional(),
};

export const albFunctionIntegrationSchema = z.strictObject({
  type: z.literal('application-load-balancer'),
  properties: z.strictObject(albIntegrationProperties),
});

export const nlbIntegrationProperties = {
  loadBalancerName: z.string().min(1),
  listenerPort: portSchema,
};

/** How an ALB / NLB checks a container's health (Stacktape's LoadBalancerHealthCheck). */
export const loadBalancerHealthCheckSchema = z.strictObject({
  /** Default `/`. */
  healthcheckPath: z.string().startsWith('/').optional(),
  /** Default 5. */
  healthcheckInterval: z.number().int().min(5).max(300).optional(),
  /** Default 4. */
  healthcheckTimeout: z.number().int().min(2).max(120).optional(),
  /** ALB default HTTP, NLB default TCP. */
  healthCheckProtocol: z.enum(['HTTP', 'TCP']).optional(),
  /** Default: the traffic port. */
  healthCheckPort: portSchema.optional(),
}).check(
  // Elastic Load Balancing refuses a timeout longer than the interval; say so before deploying.
  valueCheck((h: { healthcheckInterval?: unknown; healthcheckTimeout?: unknown } | null) => {
    const interval = typeof h?.healthcheckInterval === 'number' ? h.healthcheckInterval : 5;
    const timeout = typeof h?.healthcheckTimeout === 'number' ? h.healthcheckTimeout : 4;
    return timeout > interval
      ? [{ code: 'NXS_INVALID_VALUE', message: `healthcheckTimeout (${timeout}) is longer than healthcheckInterval (${interval})`, hint: 'Elastic Load Balancing needs the timeout at most the interval (defaults: interval 5, timeout 4).', path: [typeof h?.healthcheckTimeout === 'number' ? 'healthcheckTimeout' : 'healthcheckInterval'] }]
      : [];
  }),
);

export const applicationLoadBalancerResourceSchema = z.strictObject({ type: z.literal('application-load-balancer'), properties: applicationLoadBalancerPropertiesSchema.optional(), overrides: overridesSchema.optional() });
export const networkLoadBalancerResourceSchema = z.strictObject({ type: z.literal('network-load-balancer'), properties: networkLoadBalancerPropertiesSchema, overrides: overridesSchema.optional() });

export type ApplicationLoadBalancerProperties = z.output<typeof applicationLoadBalancerPropertiesSchema>;
export type NetworkLoadBalancerProperties = z.output<typeof networkLoadBalancerPropertiesSchema>;
export type LoadBalancerHealthCheck = z.output<typeof loadBalancerHealthCheckSchema>;
