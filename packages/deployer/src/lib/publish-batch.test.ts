import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { countOf, recordCalls } from './__fixtures__/aws-calls';
import { functionStack, makeWorkspace, packageFunction } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { publishResource } from './publish';
import { publishBatch, type PublishTask, type PublishTaskOutcome } from './publish-batch';

async function outcomesOf(tasks: PublishTask[]): Promise<PublishTaskOutcome[]> {
  const out: PublishTaskOutcome[] = [];
  for await (const o of publishBatch(tasks)) out.push(o);
  return out;
}

describe('publishBatch (moto)', () => {
  it('opens the stage once, looks every key up in one pass and uploads only what is missing; a broken artifact fails only its task', async () => {
    const ws = await makeWorkspace(functionStack(['a', 'b', 'c']));
    await packageFunction(ws, 'a', 'exports.handler = async () => "a";\n');
    const b = await packageFunction(ws, 'b', 'exports.handler = async () => "b";\n');
    const clients = await createAwsClients({ env: motoEnv() });
    await publishResource({ ...ws.options('pub-batch', { clients }), resource: 'a' }); // bootstraps and records the bucket
    const calls = recordCalls(clients.s3, clients.cloudformation);
    const task = (resource: string): PublishTask => ({
      id: `api:publish--${resource}`,
      options: { ...ws.options('pub-batch', { clients }), resource },
      envKey: 'one',
      withEnv: (fn) => fn(),
    });

    const outcomes = await outcomesOf([task('a'), task('b'), task('c')]);
    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o]));
    expect(byId['api:publish--a']).toMatchObject({ success: true, result: { uploaded: false } });
    expect(byId['api:publish--b']).toMatchObject({ success: true, result: { uploaded: true, bytesUploaded: b.size } });
    expect(byId['api:publish--b'].lines).toContain(`nxstack: publish resource=b uploads=1 bytes=${b.size}`);
    // c was never packaged: its own located failure, before any AWS call for it.
    expect(byId['api:publish--c'].success).toBe(false);
    expect(byId['api:publish--c'].lines.join('\n')).toMatch(/NXS_/);
    // The recorded bootstrap is checked with one HeadBucket; no DescribeStacks; one HeadObject per key.
    expect(countOf(calls, 'DescribeStacks')).toBe(0);
    expect(countOf(calls, 'HeadBucket')).toBe(1);
    expect(countOf(calls, 'HeadObject')).toBe(2);
    expect(countOf(calls, 'PutObject')).toBe(1);
  });
});
