import { describe, expect, it } from 'vitest';
import { functionUrlLogicalId, httpApiLogicalId, LOCAL_ENDPOINT_PORTS, localEndpointPort, localEndpointUrl } from './local-endpoints';

describe('local endpoint URL rule', () => {
  it('is deterministic per stack and endpoint, in the documented port range', () => {
    const port = localEndpointPort('api-local', httpApiLogicalId('myHttpApi'));
    expect(localEndpointPort('api-local', 'MyHttpApiHttpApi')).toBe(port);
    expect(localEndpointUrl('api-local', 'MyHttpApiHttpApi')).toBe(`http://127.0.0.1:${port}`);
    const ports = ['a', 'b', 'c', 'orders', 'users'].flatMap((r) => [localEndpointPort('shop-local', httpApiLogicalId(r)), localEndpointPort('shop-local', functionUrlLogicalId(r))]);
    for (const p of [port, ...ports]) {
      expect(p).toBeGreaterThanOrEqual(LOCAL_ENDPOINT_PORTS.first);
      expect(p).toBeLessThan(LOCAL_ENDPOINT_PORTS.first + LOCAL_ENDPOINT_PORTS.count);
    }
    // Another project or stage gets another port.
    expect(new Set([port, localEndpointPort('web-local', 'MyHttpApiHttpApi'), localEndpointPort('api-dev', 'MyHttpApiHttpApi')]).size).toBe(3);
  });
});
