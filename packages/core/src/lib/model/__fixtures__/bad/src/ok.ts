export default async () => 'ok';
