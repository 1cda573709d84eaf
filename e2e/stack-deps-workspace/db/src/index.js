exports.handler = async () => ({ project: 'db', bucket: process.env.FILES_BUCKET });
