exports.handler = async () => ({ statusCode: 200, body: process.env.PUBLIC_URL });
