export default async (event: unknown) => event;
