export const handler = async (event: { Records?: unknown[] }) => ({ records: event.Records?.length ?? 0, stream: process.env.STP_CLICKS_NAME });
