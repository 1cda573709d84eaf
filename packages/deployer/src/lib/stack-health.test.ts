import { NxstackError } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { assertStackActionable, checkedStackState, type StackHealthInput } from './stack-health';

const base: Omit<StackHealthInput, 'status'> = { stackName: 'api-prod', projectName: 'api', stage: 'prod', region: 'eu-west-1', command: 'deploy' };

function failure(status: string, command: StackHealthInput['command'] = 'deploy'): NxstackError {
  try {
    assertStackActionable({ ...base, status, command });
  } catch (e) {
    return e as NxstackError;
  }
  throw new Error(`${status} was accepted for ${command}`);
}

describe('assertStackActionable', () => {
  it('accepts a missing stack, settled stacks and an unexecuted create', () => {
    for (const status of [undefined, 'CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'REVIEW_IN_PROGRESS']) {
      expect(() => assertStackActionable({ ...base, status })).not.toThrow();
    }
  });

  it('explains a rolled-back first create and prints the destroy that recovers it', () => {
    for (const status of ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED']) {
      const e = failure(status);
      expect(e.code).toBe('NXS_STACK_NOT_DEPLOYABLE');
      expect(e.message).toContain('first create failed');
      expect(e.hint).toContain('nx run api:destroy --stage prod --region eu-west-1');
    }
    expect(failure('ROLLBACK_COMPLETE', 'promote').hint).toContain('then promote again');
  });

  it('prints continue-update-rollback for UPDATE_ROLLBACK_FAILED', () => {
    const e = failure('UPDATE_ROLLBACK_FAILED');
    expect(e.code).toBe('NXS_STACK_NOT_DEPLOYABLE');
    expect(e.hint).toContain('aws cloudformation continue-update-rollback --stack-name api-prod --region eu-west-1');
  });

  it('refuses every *_IN_PROGRESS state for every command, offering cancel-update-stack for an update', () => {
    for (const status of ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']) {
      for (const command of ['deploy', 'promote', 'destroy'] as const) expect(failure(status, command).code).toBe('NXS_STACK_BUSY');
    }
    expect(failure('UPDATE_IN_PROGRESS').hint).toContain('aws cloudformation cancel-update-stack --stack-name api-prod --region eu-west-1');
    expect(failure('CREATE_IN_PROGRESS').hint).not.toContain('cancel-update-stack');
  });

  it('lets destroy delete a stack in any settled state', () => {
    for (const status of ['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED']) {
      expect(() => assertStackActionable({ ...base, status, command: 'destroy' })).not.toThrow();
    }
    expect(failure('DELETE_FAILED').hint).toContain('nx run api:destroy');
  });
});

describe('checkedStackState', () => {
  const target = (status: string | undefined) => ({
    stage: 'prod',
    region: 'eu-west-1',
    deployer: { current: async () => (status ? { status, outputs: {} } : undefined) as never },
  });

  it("returns the state it read, so deployPlan does not read it again", async () => {
    expect(await checkedStackState(target(undefined), { stackName: 'api-prod', projectName: 'api', command: 'deploy' })).toEqual({ current: undefined });
    expect((await checkedStackState(target('UPDATE_COMPLETE'), { stackName: 'api-prod', projectName: 'api', command: 'promote' })).current).toMatchObject({ status: 'UPDATE_COMPLETE' });
  });

  it("refuses with the target's stage and region in the recovering command", async () => {
    await expect(checkedStackState(target('UPDATE_ROLLBACK_FAILED'), { stackName: 'api-prod', projectName: 'api', command: 'promote' })).rejects.toMatchObject({
      code: 'NXS_STACK_NOT_DEPLOYABLE',
      hint: expect.stringContaining('continue-update-rollback --stack-name api-prod --region eu-west-1'),
    });
    await expect(checkedStackState(target('UPDATE_IN_PROGRESS'), { stackName: 'api-prod', projectName: 'api', command: 'destroy' })).rejects.toMatchObject({ code: 'NXS_STACK_BUSY' });
  });
});
