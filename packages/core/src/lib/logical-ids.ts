/**
 * Logical ids are `<PascalCase resource name><Suffix>` (myLambda → MyLambdaFunction): stable and
 * readable, so renaming a resource is the only thing that replaces its CloudFormation resources.
 * The compiler names resources with it and connect-to refers to them by the same names.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function logicalId(resourceName: string, suffix = ''): string {
  return pascalCase(resourceName) + suffix;
}
