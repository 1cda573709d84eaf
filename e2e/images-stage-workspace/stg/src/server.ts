// The packagers read a Lambda-style handler export even for service code; the service itself
// runs the module's top level.
export function handler(): string {
  return `api built for ${process.env['BUILT_FOR'] ?? '?'}`;
}

console.log(handler());
