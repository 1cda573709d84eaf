/**
 * StackDeployer on CloudFormation: change sets (CREATE/UPDATE), event streaming, outputs.
 * Templates above the 51,200-byte TemplateBody limit go through the deployment bucket.
 */
import {
  DeleteChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type CloudFormationClient,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { ChangeSummary, DeployedStackState, PreparedChange, StackDeployer, StackEvent } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';
import { createChangeSet } from './cfn-change-set';
import { describeStack, firstFailureReason, followStack, latestEventId } from './cfn-stack-events';
import { deploymentScriptFailure } from './script-failure';
import { cloudFormationImporters } from './stack-importers';
import { serviceErrorText } from './service-error';
import { diffTemplates, type TemplateLike } from './template-diff';

export const TEMPLATE_BODY_LIMIT = 51_200;
export const HASH_TAG = 'nxstack:hash';

export interface CloudFormationStackDeployerOptions {
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly region: string;
  /** Deployment bucket for templates over the TemplateBody limit. */
  readonly bucket: string;
  readonly pollIntervalMs?: number;
  readonly log?: (line: string) => void;
}

export class CloudFormationStackDeployer implements StackDeployer {
  private readonly cfn: CloudFormationClient;
  private readonly poll: number;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: CloudFormationStackDeployerOptions) {
    this.cfn = opts.cloudformation;
    this.poll = opts.pollIntervalMs ?? 2000;
    this.log = opts.log ?? (() => undefined);
  }

  async current(stackName: string): Promise<DeployedStackState | undefined> {
    const stack = await describeStack(this.cfn, stackName);
    return stack ? toState(stackName, stack) : undefined;
  }

  async prepareChange(input: Parameters<StackDeployer['prepareChange']>[0]): Promise<PreparedChange> {
    const existing = await describeStack(this.cfn, input.stackName);
    const status = existing?.StackStatus ?? '';
    if (status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS') {
      throw new NxstackError('NXS_STACK_BUSY', `Stack ${input.stackName} is ${status}.`, { hint: 'Wait until the running operation finishes, then deploy again.' });
    }
    if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'UPDATE_ROLLBACK_FAILED' || status === 'DELETE_FAILED') {
      // deploy explains these before any change (stack-health.ts); never delete a stack unasked.
      throw new NxstackError('NXS_STACK_NOT_DEPLOYABLE', `Stack ${input.stackName} is ${status} and cannot be updated.`, { hint: 'Run deploy again: it explains the state and prints the command that recovers it.' })
    }
    // REVIEW_IN_PROGRESS = a stack that only ever held an unexecuted CREATE change set.
    const type = !existing || status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
    const template = await this.templateSource(input.stackName, input.templateBody);
    const ready = await createChangeSet(this.cfn, { stackName: input.stackName, type, ...template, parameters: input.parameters, tags: input.tags }, this.poll);
    const before = type === 'UPDATE' ? await this.deployedTemplate(input.stackName) : undefined;
    return { id: ready.id, empty: ready.empty, changes: withDetails(ready.changes, before, JSON.parse(input.templateBody) as TemplateLike) };
  }

  async execute(stackName: string, change: PreparedChange, onEvent: (e: StackEvent) => void): Promise<DeployedStackState> {
    if (change.empty) {
      await this.discard(stackName, change);
      const state = await this.current(stackName);
      if (!state) throw new NxstackError('NXS_STACK_MISSING', `Stack ${stackName} does not exist.`);
      return state;
    }
    const marker = await latestEventId(this.cfn, stackName);
    try {
      await this.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: change.id, StackName: stackName }));
    } catch (e) {
      throw new NxstackError('NXS_STACK_DEPLOY_FAILED', `Deploying stack ${stackName} failed: ${serviceErrorText(e)}`, {
        hint: 'CloudFormation rejected the change set while executing it; the message names the resource and property.',
        cause: e,
      });
    }
    const result = await followStack(this.cfn, stackName, marker, onEvent, this.poll);
    if (result.status !== 'CREATE_COMPLETE' && result.status !== 'UPDATE_COMPLETE' && result.status !== 'IMPORT_COMPLETE') {
      const script = deploymentScriptFailure(result.events);
      const reason = script?.reason ?? firstFailureReason(result.events) ?? 'no failure reason reported';
      throw new NxstackError('NXS_STACK_DEPLOY_FAILED', `Deploying stack ${stackName} ended in ${result.status}: ${reason}`, {
        hint: script?.hint ?? (result.status === 'ROLLBACK_COMPLETE' ? 'Fix the resource named above, delete the rolled-back stack (nx run <project>:destroy --stage <stage>) and deploy again.' : 'Fix the resource named above and deploy again.'),
      });
    }
    const state = await this.current(stackName);
    if (!state) throw new NxstackError('NXS_STACK_MISSING', `Stack ${stackName} disappeared after deploying.`);
    return state;
  }

  async discard(stackName: string, change: PreparedChange): Promise<void> {
    await this.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: change.id, StackName: stackName }));
    // A CREATE change set leaves an empty REVIEW_IN_PROGRESS stack behind: remove it too.
    const stack = await describeStack(this.cfn, stackName);
    if (stack?.StackStatus === 'REVIEW_IN_PROGRESS') await this.cfn.send(new DeleteStackCommand({ StackName: stack.StackId ?? stackName }));
  }

  async destroy(stackName: string, onEvent: (e: StackEvent) => void): Promise<void> {
    const stack = await describeStack(this.cfn, stackName);
    if (!stack) return;
    const ref = stack.StackId ?? stackName;
    const marker = await latestEventId(this.cfn, ref);
    await this.cfn.send(new DeleteStackCommand({ StackName: ref }));
    const result = await followStack(this.cfn, ref, marker, onEvent, this.poll);
    if (result.status !== 'DELETE_COMPLETE') {
      throw new NxstackError('NXS_STACK_DELETE_FAILED', `Deleting stack ${stackName} ended in ${result.status}: ${firstFailureReason(result.events) ?? 'no reason reported'}`, {
        hint: 'Empty or detach the resource named above (e.g. a non-empty bucket), then destroy again.',
      });
    }
  }

  async importingStacks(stackName: string): Promise<string[]> {
    const stack = await describeStack(this.cfn, stackName);
    return stack ? cloudFormationImporters(this.cfn, stack) : [];
  }

  private async templateSource(stackName: string, body: string): Promise<{ templateBody?: string; templateUrl?: string }> {
    if (Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { templateBody: body };
    const key = `${stackName}/templates/${createHash('sha256').update(body).digest('hex')}.json`;
    await this.opts.s3.send(new PutObjectCommand({ Bucket: this.opts.bucket, Key: key, Body: body, ContentType: 'application/json' }));
    this.log(`template is ${Buffer.byteLength(body)} bytes (> ${TEMPLATE_BODY_LIMIT}): uploaded to s3://${this.opts.bucket}/${key}`);
    return { templateUrl: s3HttpsUrl(this.opts.bucket, this.opts.region, key) };
  }

  private async deployedTemplate(stackName: string): Promise<TemplateLike | undefined> {
    const res = await this.cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    try {
      return res.TemplateBody ? (JSON.parse(res.TemplateBody) as TemplateLike) : undefined;
    } catch {
      return undefined; // a YAML template from another tool: no property details
    }
  }
}

/** Virtual-hosted S3 URL, the form CloudFormation accepts for TemplateURL. */
export function s3HttpsUrl(bucket: string, region: string, key: string): string {
  const host = region === 'us-east-1' ? 's3.amazonaws.com' : `s3.${region}.amazonaws.com`;
  return `https://${bucket}.${host}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Fills in changed property paths from the templates where CloudFormation gave none. */
function withDetails(changes: readonly ChangeSummary[], before: TemplateLike | undefined, after: TemplateLike): ChangeSummary[] {
  const ours = new Map(diffTemplates(before, after).map((d) => [d.logicalId, d]));
  return changes.map((c) => (c.details.length || c.action !== 'Modify' ? c : { ...c, details: ours.get(c.logicalId)?.details ?? [] }));
}

function toState(stackName: string, stack: Stack): DeployedStackState {
  const tags = Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  return {
    stackName,
    status: stack.StackStatus ?? 'UNKNOWN',
    deployedHash: tags[HASH_TAG],
    outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
  };
}
