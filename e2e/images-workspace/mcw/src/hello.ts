export default async () => ({ statusCode: 200, body: 'hello from behind the load balancer' });
