import { motoEnv } from './aws-env';

/**
 * TEST-ONLY: sets the status of a real stack in the test moto (tools/services/moto_stack_states.py),
 * for the states moto cannot reach itself (UPDATE_ROLLBACK_FAILED, an UPDATE_IN_PROGRESS held by
 * another actor). nxstack then reads it through a real DescribeStacks.
 */
export async function injectStackStatus(region: string, stackName: string, status: string): Promise<void> {
  const res = await fetch(`${motoEnv(region).AWS_ENDPOINT_URL}/moto-api/nxs-test/stack-status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region, stackName, status }),
  });
  if (!res.ok) throw new Error(`injecting ${status} into ${stackName} (${region}): HTTP ${res.status} ${await res.text()}`);
}
