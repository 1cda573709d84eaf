export default async (event: { name: string }) => {
  console.log(`greeting ${event.name}`);
  return { message: `hello ${event.name}` };
};
