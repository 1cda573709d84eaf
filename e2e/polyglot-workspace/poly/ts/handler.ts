interface Greeting {
  readonly language: string;
  readonly message: string;
}

export const handler = async (event: { name?: string }): Promise<Greeting> => ({
  language: 'typescript',
  message: `Hello, ${event.name ?? 'world'}!`,
});
