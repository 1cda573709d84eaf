import { z } from 'zod';
import { HTTP_API_CORS_METHODS } from '../allowed-values';
import { overridesSchema } from '../common-schemas';
import { CUSTOM_DOMAIN_PARAMS, customDomainsSchema } from '../custom-domains';

export const httpApiGatewayPropertiesSchema = z.strictObject({
  cors: z
    .strictObject({
      enabled: z.boolean(),
      allowedOrigins: z.array(z.string()).optional(),
      allowedHeaders: z.array(z.string()).optional(),
      /** HTTP API CORS methods (data/allowed-values.json: Stacktape's HttpMethod). */
      allowedMethods: z.array(z.enum(HTTP_API_CORS_METHODS as [string, ...string[]])).optional(),
      allowCredentials: z.boolean().optional(),
      exposedResponseHeaders: z.array(z.string()).optional(),
      maxAge: z.number().int().min(0).max(86400).optional(),
    })
    .optional(),
  /** Lambda event payload version for routes that do not set one (Stacktape's default 1.0). */
  payloadFormat: z.enum(['1.0', '2.0']).default('1.0'),
  /** Each domain: an API Gateway domain name mapped to the API, its certificate and alias record (AWS stages). */
  customDomains: customDomainsSchema.optional(),
});

/** `url` = `https://<api id>.execute-api.<region>.amazonaws.com`; custom domain params as Stacktape's. */
export const HTTP_API_GATEWAY_PARAMS = ['url', 'apiId', ...CUSTOM_DOMAIN_PARAMS] as const;

export const httpApiGatewayResourceType = { type: 'http-api-gateway', propertiesSchema: httpApiGatewayPropertiesSchema, params: HTTP_API_GATEWAY_PARAMS } as const;
export const httpApiGatewayResourceSchema = z.strictObject({
  type: z.literal('http-api-gateway'),
  properties: httpApiGatewayPropertiesSchema.optional(),
  overrides: overridesSchema.optional(),
});
export type HttpApiGatewayProperties = z.output<typeof httpApiGatewayPropertiesSchema>;
