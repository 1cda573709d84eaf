import { NxstackError, type AwsClientConfig } from '@nxstack/core';

/**
 * Reads a `$Secret(...)` value: `ssm:/path` → SSM SecureString; otherwise a Secrets Manager id
 * (name or ARN), optionally `<id>:SecretString:<json-key>` as in CloudFormation dynamic references.
 * The value is returned to the caller only; it is never logged or put into an error.
 */
export function secretReader(config: AwsClientConfig): (name: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (name) => {
    if (!cache.has(name)) cache.set(name, readSecret(config, name));
    return cache.get(name)!;
  };
}

async function readSecret(config: AwsClientConfig, name: string): Promise<string> {
  try {
    // The SDK clients load on use: every module that compiles a stack imports this one.
    if (name.startsWith('ssm:')) {
      const { GetParameterCommand, SSMClient } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
      const out = await new SSMClient(config).send(new GetParameterCommand({ Name: name.slice(4), WithDecryption: true }));
      return out.Parameter?.Value ?? '';
    }
    const [secretId, jsonKey] = name.split(':SecretString:');
    const { GetSecretValueCommand, SecretsManagerClient } = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient(config).send(new GetSecretValueCommand({ SecretId: secretId }));
    const text = out.SecretString ?? '';
    if (!jsonKey) return text;
    const key = jsonKey.split(':')[0];
    const value = (JSON.parse(text) as Record<string, unknown>)[key];
    if (value === undefined) throw new Error(`the secret has no JSON key '${key}'`);
    return String(value);
  } catch (cause) {
    throw new NxstackError('NXS_SECRET_UNREADABLE', `Cannot read secret '${name}': ${(cause as Error).name ?? 'Error'}.`, {
      hint: 'Check the secret exists in this region/account and your credentials may read it (secretsmanager:GetSecretValue / ssm:GetParameter).',
      cause,
    });
  }
}
