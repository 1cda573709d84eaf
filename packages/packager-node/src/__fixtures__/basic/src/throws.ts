export const handler = async () => {
  const value = compute();
  return value;
};

function compute(): number {
  throw new Error('boom from compute');
}
