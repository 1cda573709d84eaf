import { greet } from '../lib/greet';

export default async (event: { name: string }) => ({ message: greet(event.name) });
