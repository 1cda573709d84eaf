export default async (event: unknown) => ({ ok: true, event });
