exports.handler = async () => ({ project: 'web', bucket: process.env.FILES_BUCKET });
