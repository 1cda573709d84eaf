export const handler = async () => ({ plain: true });
