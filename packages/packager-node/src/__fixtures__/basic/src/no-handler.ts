export const notAHandler = () => 'nope';
export function alsoNot(): number {
  return 1;
}
