/**
 * ECR: registry credentials from GetAuthorizationToken (a Basic user/password pair valid 12 h).
 * The SDK reads AWS_ENDPOINT_URL(_ECR) itself, so tests point it at moto.
 */
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { NxstackError } from '@nxstack/core';
import type { RegistryCredentials } from './auth';

export interface EcrLogin extends RegistryCredentials {
  /** host of the account's registry, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
  readonly registry: string;
}

export async function ecrLogin(region: string, client: ECRClient = new ECRClient({ region })): Promise<EcrLogin> {
  let out;
  try {
    out = await client.send(new GetAuthorizationTokenCommand({}));
  } catch (cause) {
    throw new NxstackError('NXS_ECR_AUTH_FAILED', `Cannot get an ECR authorization token in ${region}: ${(cause as Error).message}`, {
      hint: 'Check AWS credentials and that they allow ecr:GetAuthorizationToken.',
      cause,
    });
  }
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new NxstackError('NXS_ECR_AUTH_FAILED', `ECR returned no authorization data in ${region}.`, { hint: 'Retry; check the ECR endpoint configuration.' });
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { registry: new URL(data.proxyEndpoint).host, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
