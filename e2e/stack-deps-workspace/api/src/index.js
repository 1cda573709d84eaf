exports.handler = async () => ({ project: 'api', bucket: process.env.FILES_BUCKET });
