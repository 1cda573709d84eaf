import { valid } from 'semver';
import { greeting } from './greeting';

export async function handler(event: { name?: string; version?: string }): Promise<{ statusCode: number; body: string }> {
  return { statusCode: 200, body: `${greeting(event.name ?? 'world')} (${valid(event.version ?? '1.0.0') ?? 'no version'})` };
}
