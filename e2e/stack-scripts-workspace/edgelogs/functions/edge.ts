// A Lambda@Edge origin-request trigger: marks the request it forwards to the origin.
export const handler = async (event: { Records: Array<{ cf: { request: { headers: Record<string, Array<{ key: string; value: string }>> } } }> }) => {
  const request = event.Records[0].cf.request;
  request.headers['x-from-edge'] = [{ key: 'X-From-Edge', value: '1' }];
  return request;
};
