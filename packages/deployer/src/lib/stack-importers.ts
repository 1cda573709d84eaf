/**
 * Which stacks import a stack's exports (`$CfStackOutput` → `Fn::ImportValue`). destroy refuses
 * to delete a provider while a consumer still imports from it: on AWS CloudFormation would refuse
 * halfway, and on the local stage nothing would refuse and the consumer would run against a
 * deleted bucket or table.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ListImportsCommand, type CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';
import { LOCAL_STACK_STATE_FILE, NxstackError } from '@nxstack/core';

/** The local deploy records the stacks it imported from in this tag of its state. */
export const IMPORTS_TAG = 'nxstack:imports';

/** CloudFormation's own record: ListImports of each export of the stack. */
export async function cloudFormationImporters(cfn: CloudFormationClient, stack: Stack): Promise<string[]> {
  const importers = new Set<string>();
  for (const output of stack.Outputs ?? []) {
    if (!output.ExportName) continue;
    let token: string | undefined;
    do {
      const page = await cfn.send(new ListImportsCommand({ ExportName: output.ExportName, NextToken: token })).catch((e: unknown) => {
        // CloudFormation answers an export nobody imports with a ValidationError, not an empty list.
        if (e instanceof Error && /is not imported by any stack/i.test(e.message)) return { Imports: [], NextToken: undefined };
        throw e;
      });
      for (const name of page.Imports ?? []) importers.add(name);
      token = page.NextToken;
    } while (token);
  }
  return [...importers].sort();
}

/** Every local state (`.nxstack/<stage>/<project>/state.json`) whose imports tag names the stack. */
export async function localImporters(nxstackDir: string, stackName: string): Promise<string[]> {
  const importers: string[] = [];
  for (const stage of await dirEntries(nxstackDir)) {
    for (const project of await dirEntries(path.join(nxstackDir, stage))) {
      const file = path.join(nxstackDir, stage, project, LOCAL_STACK_STATE_FILE);
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (!text) continue;
      const state = parseState(text, file);
      const imports = (state.tags?.[IMPORTS_TAG] ?? '').split(',').filter(Boolean);
      if (state.stackName && state.stackName !== stackName && imports.includes(stackName)) importers.push(state.stackName);
    }
  }
  return importers.sort();
}

async function dirEntries(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** A state nobody can read cannot say whether it imports the stack: fail rather than guess. */
function parseState(text: string, file: string): { stackName?: string; tags?: Record<string, string> } {
  try {
    return JSON.parse(text) as { stackName?: string; tags?: Record<string, string> };
  } catch (cause) {
    throw new NxstackError('NXS_LOCAL_STATE_INVALID', `${file} is not valid JSON, so destroy cannot tell whether that stack imports this one's outputs.`, {
      hint: 'Destroy that stack first (or delete its folder under .nxstack/ if it is a leftover), then destroy this one.',
      cause,
    });
  }
}
