import { built } from '../generated/built';

export default async () => ({ built });
