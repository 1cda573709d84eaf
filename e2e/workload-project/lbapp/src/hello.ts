export const handler = async (event: { httpMethod: string; path: string; queryStringParameters: Record<string, string> }) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ from: 'function', method: event.httpMethod, path: event.path, query: event.queryStringParameters }),
});
