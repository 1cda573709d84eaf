export default async () => ({ statusCode: 200 });
