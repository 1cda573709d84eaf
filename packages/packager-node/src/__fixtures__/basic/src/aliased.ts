import { greet } from '@lib/greet';

export const handler = async () => greet('alias');
