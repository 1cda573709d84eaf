export const handler = async (event: { ms: number }) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { waited: event.ms };
};
