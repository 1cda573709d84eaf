import { inject } from 'vitest';
import './provided-context';

/**
 * Environment for code under test that talks to moto: endpoint, fake static credentials and a
 * region. Pass it to child processes or apply it with `vi.stubEnv`.
 */
export function motoEnv(region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: inject('motoEndpoint'),
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
