// Answers /api/hello on the http-api-gateway that the site routes /api/* to.
export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'hello from the api' });
