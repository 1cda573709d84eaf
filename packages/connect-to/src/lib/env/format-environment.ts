/** dotenv: `NAME=value`, values double-quoted (with escapes) when they hold anything but safe characters. */
export function formatDotenv(variables: Readonly<Record<string, string>>): string {
  return Object.entries(variables)
    .map(([k, v]) => `${k}=${/^[A-Za-z0-9_./:@,+-]*$/.test(v) ? v : JSON.stringify(v)}`)
    .join('\n') + (Object.keys(variables).length ? '\n' : '');
}

export function formatJson(variables: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(variables, null, 2)}\n`;
}
