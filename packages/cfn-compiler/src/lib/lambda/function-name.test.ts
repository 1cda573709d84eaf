import { describe, expect, it } from 'vitest';
import { lambdaFunctionName } from './function-name';

describe('lambdaFunctionName', () => {
  it('is <project>-<stage>-<resource> when short enough', () => {
    expect(lambdaFunctionName('api', 'dev', 'myLambda')).toBe('api-dev-myLambda');
  });

  it('replaces characters Lambda refuses', () => {
    expect(lambdaFunctionName('@acme/api', 'dev', 'myLambda')).toBe('acme-api-dev-myLambda');
  });

  it('cuts long names to 64 characters with a stable hash suffix that keeps them distinct', () => {
    const a = lambdaFunctionName('a-very-long-project-name-for-the-billing-platform', 'production', 'processIncomingInvoices');
    const b = lambdaFunctionName('a-very-long-project-name-for-the-billing-platform', 'production', 'processIncomingRefunds');
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^a-very-long-project-name-for-the-billing-platform-prod[a-z]*-[0-9a-f]{8}$/);
    expect(lambdaFunctionName('a-very-long-project-name-for-the-billing-platform', 'production', 'processIncomingInvoices')).toBe(a);
  });
});
