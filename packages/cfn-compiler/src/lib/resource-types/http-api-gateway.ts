import { httpApiLogicalId } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { compileHttpApiDomains, httpApiDomainParams } from '../domains/http-api-domains';
import { ref, sub, type ResourceTypeModule } from './resource-type';

/** Logical ids of one `http-api-gateway`. Routes are added by the functions/services that integrate with it. */
export function httpApiIds(name: string) {
  return { api: httpApiLogicalId(name), stage: logicalId(name, 'HttpApiDefaultStage') };
}

export interface HttpApiCors {
  enabled?: boolean;
  allowedOrigins?: string[];
  allowedHeaders?: string[];
  allowedMethods?: string[];
  allowCredentials?: boolean;
  exposedResponseHeaders?: string[];
  maxAge?: number;
}

/**
 * `type: http-api-gateway` — AWS::ApiGatewayV2::Api (HTTP) with the `$default` stage,
 * auto-deployed, so a route added by a function's event is live after the stack update.
 */
export const httpApiGatewayType: ResourceTypeModule = {
  type: 'http-api-gateway',
  params: {
    url: (name) => sub(`https://\${${httpApiIds(name).api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`),
    apiId: (name) => ref(httpApiIds(name).api),
    ...httpApiDomainParams((name) => httpApiIds(name).api),
  },
  outputs: { Url: 'url' },
  compile(ctx) {
    const ids = httpApiIds(ctx.name);
    const properties: Record<string, unknown> = {
      Name: `${ctx.projectName}-${ctx.stage}-${ctx.name}`,
      ProtocolType: 'HTTP',
    };
    const cors = httpApiCorsConfiguration(ctx.properties.cors as HttpApiCors | undefined);
    if (cors) properties.CorsConfiguration = cors;
    ctx.builder.addResource(ids.api, { Type: 'AWS::ApiGatewayV2::Api', Properties: properties }, ctx.origin);
    ctx.builder.addResource(ids.stage, {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: ref(ids.api), StageName: '$default', AutoDeploy: true },
    }, ctx.origin);
    compileHttpApiDomains(ctx, { apiId: ids.api, stageId: ids.stage });
  },
};

/** An HTTP API's CorsConfiguration from Stacktape's `cors` (http-api-gateway and web-service); `enabled` alone allows every origin, header and method. */
export function httpApiCorsConfiguration(cors: HttpApiCors | undefined): Record<string, unknown> | undefined {
  if (!cors?.enabled) return undefined;
  const c: Record<string, unknown> = {
    AllowOrigins: cors.allowedOrigins ?? ['*'],
    AllowHeaders: cors.allowedHeaders ?? ['*'],
    AllowMethods: cors.allowedMethods ?? ['*'],
  };
  if (cors.allowCredentials !== undefined) c.AllowCredentials = cors.allowCredentials;
  if (cors.exposedResponseHeaders) c.ExposeHeaders = cors.exposedResponseHeaders;
  if (cors.maxAge !== undefined) c.MaxAge = cors.maxAge;
  return c;
}

/** ARN pattern API Gateway invokes a Lambda with, for Lambda::Permission SourceArn. */
export function httpApiExecuteArn(apiName: string): unknown {
  return sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${httpApiIds(apiName).api}}/*`);
}

/** The API's default payload format (`payloadFormat`, default 1.0), for routes that set none. */
export function httpApiPayloadFormat(properties: Record<string, unknown> | undefined): string {
  return (properties?.payloadFormat as string | undefined) ?? '1.0';
}
