exports.handler = async () => ({ table: process.env.TABLE });
