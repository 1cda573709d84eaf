/**
 * Readable text of an AWS SDK failure. When a service (or an emulator, or a proxy) answers with
 * a body the SDK could not parse, the SDK's message is only "XML parse error"; the raw body it
 * keeps on the error usually says what went wrong, so that is used instead.
 */
export function serviceErrorText(e: unknown): string {
  const err = e as { name?: string; message?: string; $responseBodyText?: unknown; $response?: { body?: unknown; statusCode?: number } };
  const raw = typeof err?.$responseBodyText === 'string' ? err.$responseBodyText : typeof err?.$response?.body === 'string' ? err.$response.body : undefined;
  if (raw === undefined || !/parse error|Deserialization error/i.test(err?.message ?? '')) {
    return `${err?.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err?.message ?? String(e)}`;
  }
  try {
    const body = JSON.parse(raw) as { __type?: string; message?: string; Message?: string; Type?: string };
    const type = body.__type ?? body.Type;
    const message = body.message ?? body.Message;
    if (message) return `${type ? `${type}: ` : ''}${message}`;
  } catch {
    // not JSON: fall through to the text itself
  }
  const text = raw.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || (err.message ?? 'unknown error');
}
