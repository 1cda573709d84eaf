import { pascalCase } from '@nxstack/core';

export { pascalCase };

/** `myDatabase` → `MY_DATABASE`, `connectionString` → `CONNECTION_STRING`, `my-db2` → `MY_DB2`. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** `STP_<RESOURCE>_<VAR>`: the variable connectTo injects for one param of a target. */
export function stpVariableName(resource: string, param: string): string {
  return `STP_${upperSnake(resource)}_${upperSnake(param)}`;
}

/**
 * The stack Output key carrying `$ResourceParam(resource, param)`:
 * `<PascalName><PascalParam>` (`myDatabase`, `connectionString` → `MyDatabaseConnectionString`).
 */
export function outputKeyFor(resource: string, param: string): string {
  return pascalCase(resource) + param[0].toUpperCase() + param.slice(1);
}
