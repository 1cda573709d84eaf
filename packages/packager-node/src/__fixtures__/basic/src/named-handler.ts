export const helper = 1;

export async function main(event: { n: number }): Promise<number> {
  return event.n * 2;
}
