import { templateHash } from '../canonical-json';
import { dependenciesOf } from '../dependency-cycles';
import type { CfnTemplate } from '../types';
import { SCRIPT_RUN_TYPE } from './script-run';

/**
 * Finishes the deployment scripts' custom resources once the whole template is known:
 * - each depends on every other resource, so after:deploy runs when everything is in place and
 *   before:delete runs before anything is deleted;
 * - after:deploy gets a Token derived from the rest of the template, so it changes (and the
 *   script re-runs) with every deploy that changes the stack, while an unchanged stack keeps the
 *   same template and stays "up to date".
 */
export function finishDeploymentScripts(template: CfnTemplate, parameters: Readonly<Record<string, string>>): void {
  const resources = template.Resources;
  const runs = Object.keys(resources).filter((id) => resources[id].Type === SCRIPT_RUN_TYPE);
  if (!runs.length) return;
  const known = new Set(Object.keys(resources));
  const others = Object.keys(resources).filter((id) => resources[id].Type !== SCRIPT_RUN_TYPE).sort();
  for (const id of runs) {
    const run = resources[id];
    const direct = dependenciesOf({ ...run, DependsOn: undefined }, known);
    const dependsOn = others.filter((other) => !direct.has(other));
    if (dependsOn.length) run.DependsOn = dependsOn;
    else delete run.DependsOn;
  }
  const token = templateHash(template, parameters);
  for (const id of runs) {
    const props = resources[id].Properties as Record<string, unknown>;
    if (props.Trigger === 'after:deploy') props.Token = token;
  }
}
