/**
 * `deploy --hotswap`: a code-only change (hotswap-plan.ts) goes straight to the services —
 * Lambda UpdateFunctionCode then a wait until the update finished; ECS a new task-definition
 * revision with the new images then UpdateService — with no CloudFormation write. The stack now
 * differs from what runs, so a drift record in the stage's bucket makes the next full deploy
 * deploy (never "up to date") and put the template's code back where the stack's template
 * already matched.
 */
import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand, type ECSClient, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2, type LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { NxstackError } from '@nxstack/core';
import type { DriftRecord } from './drift-record';
import { planHotswap, resolveValue, type HotswapChange, type HotswapPlan, type TemplateDoc } from './hotswap-plan';
import { serviceErrorText } from './service-error';

export * from './drift-record';

export interface HotswapClients {
  readonly cloudformation: CloudFormationClient;
  readonly lambda: LambdaClient;
  readonly ecs: ECSClient;
  readonly s3: S3Client;
}

export interface HotswapTarget {
  readonly clients: HotswapClients;
  readonly bucket: string;
  readonly region: string;
}


/** Compares the stack's deployed template and parameters with the new ones. */
export async function planStackHotswap(cfn: CloudFormationClient, stackName: string, template: TemplateDoc, parameters: Readonly<Record<string, string>>): Promise<HotswapPlan> {
  const body = (await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody;
  let deployed: TemplateDoc;
  try {
    deployed = JSON.parse(body ?? '') as TemplateDoc;
  } catch {
    return { reason: 'the deployed template is not JSON (not deployed by nxstack)' };
  }
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  const deployedParameters = Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
  return planHotswap(deployed, template, deployedParameters, parameters);
}

/** Applies the changes; returns one line per updated function/service. */
export async function applyHotswap(target: HotswapTarget, stackName: string, changes: readonly HotswapChange[], log: (line: string) => void): Promise<string[]> {
  const ctx = await resolveContext(target, stackName);
  const done: string[] = [];
  for (const change of changes) {
    const physicalId = ctx.physicalIds[change.logicalId];
    if (!physicalId) throw hotswapError(stackName, `${change.logicalId} has no physical resource in the stack`);
    if (change.kind === 'lambda') {
      await updateFunctionCode(target.clients.lambda, physicalId, codeInput(change.code, ctx, change.logicalId, stackName), log);
      done.push(`function ${change.logicalId} (${physicalId})`);
    } else {
      const arn = await registerRevision(target.clients.ecs, physicalId, change.images, ctx, stackName);
      for (const s of change.services) {
        await updateService(target.clients.ecs, s, arn, ctx, stackName);
        log(`updated service ${ctx.physicalIds[s.logicalId] ?? s.logicalId}: task definition ${arn}`);
        done.push(`service ${s.logicalId} → ${arn}`);
      }
      if (!change.services.length) done.push(`task definition ${change.logicalId} → ${arn} (no service uses it)`);
    }
  }
  return done;
}

/**
 * After a full deploy of a hotswapped stack: the template's code back on every drifted function
 * and the stack's own task-definition revision back on every drifted service (CloudFormation
 * left them alone where its template did not change).
 */
export async function reconcileDrift(target: HotswapTarget, stackName: string, template: TemplateDoc, record: DriftRecord, log: (line: string) => void): Promise<void> {
  const ctx = await resolveContext(target, stackName);
  const resources = template.Resources ?? {};
  for (const { logicalId, kind } of record.resources) {
    const r = resources[logicalId];
    const physicalId = ctx.physicalIds[logicalId];
    if (!r || !physicalId) continue; // removed by this deploy: nothing left to reconcile
    if (kind === 'lambda') {
      await updateFunctionCode(target.clients.lambda, physicalId, codeInput(r.Properties?.['Code'] as Record<string, unknown>, ctx, logicalId, stackName), log);
    } else {
      for (const [id, s] of Object.entries(resources)) {
        if (s.Type === 'AWS::ECS::Service' && JSON.stringify(s.Properties?.['TaskDefinition']) === JSON.stringify({ Ref: logicalId })) {
          await updateService(target.clients.ecs, { logicalId: id, cluster: s.Properties?.['Cluster'] }, physicalId, ctx, stackName);
        }
      }
    }
    log(`reconciled ${logicalId} with the deployed template (hotswapped on ${record.since})`);
  }
}

interface ResolveContext {
  readonly account: string;
  readonly region: string;
  readonly physicalIds: Record<string, string>;
}

async function resolveContext(target: HotswapTarget, stackName: string): Promise<ResolveContext> {
  const physicalIds: Record<string, string> = {};
  let token: string | undefined;
  do {
    const res = await target.clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    for (const r of res.StackResourceSummaries ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) physicalIds[r.LogicalResourceId] = r.PhysicalResourceId;
    token = res.NextToken;
  } while (token);
  const stackId = (await target.clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackId ?? '';
  // arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>
  return { account: stackId.split(':')[4] ?? '', region: target.region, physicalIds };
}

function codeInput(code: Record<string, unknown> | undefined, ctx: ResolveContext, logicalId: string, stackName: string): { S3Bucket: string; S3Key: string } | { ImageUri: string } {
  if (code?.['ImageUri'] !== undefined) {
    const uri = resolveValue(code['ImageUri'], ctx);
    if (!uri) throw hotswapError(stackName, `the image URI of ${logicalId} cannot be resolved outside CloudFormation`);
    return { ImageUri: uri };
  }
  const bucket = resolveValue(code?.['S3Bucket'], ctx);
  const key = resolveValue(code?.['S3Key'], ctx);
  if (!bucket || !key) throw hotswapError(stackName, `the code location of ${logicalId} cannot be resolved outside CloudFormation`);
  return { S3Bucket: bucket, S3Key: key };
}

async function updateFunctionCode(lambda: LambdaClient, name: string, code: { S3Bucket: string; S3Key: string } | { ImageUri: string }, log: (line: string) => void): Promise<void> {
  try {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ...code }));
    const waited = await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 600, minDelay: 1, maxDelay: 5 }, { FunctionName: name });
    if (waited.state !== 'SUCCESS') throw new Error(`the update of ${name} ended ${waited.state}: ${JSON.stringify(waited.reason ?? '')}`);
  } catch (e) {
    throw new NxstackError('NXS_HOTSWAP_FAILED', `Hotswapping function ${name} failed: ${serviceErrorText(e)}`, {
      hint: 'Deploy without --hotswap: CloudFormation then updates the function and reports why it fails.',
      cause: e,
    });
  }
  log(`updated function ${name}: ${'ImageUri' in code ? code.ImageUri : `s3://${code.S3Bucket}/${code.S3Key}`}`);
}

/** A new revision of the task definition with the new images (everything else as registered). */
async function registerRevision(ecs: ECSClient, taskDefinitionArn: string, images: Readonly<Record<string, unknown>>, ctx: ResolveContext, stackName: string): Promise<string> {
  const { taskDefinition: td, tags } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn, include: ['TAGS'] }));
  if (!td) throw hotswapError(stackName, `task definition ${taskDefinitionArn} not found`);
  const containerDefinitions = (td.containerDefinitions ?? []).map((c) => {
    if (!(c.name! in images)) return c;
    const image = resolveValue(images[c.name!], ctx);
    if (!image) throw hotswapError(stackName, `the image of container ${c.name} cannot be resolved outside CloudFormation`);
    return { ...c, image };
  });
  const input: RegisterTaskDefinitionCommandInput = {
    family: td.family,
    taskRoleArn: td.taskRoleArn,
    executionRoleArn: td.executionRoleArn,
    networkMode: td.networkMode,
    containerDefinitions,
    volumes: td.volumes,
    placementConstraints: td.placementConstraints,
    requiresCompatibilities: td.requiresCompatibilities,
    cpu: td.cpu,
    memory: td.memory,
    pidMode: td.pidMode,
    ipcMode: td.ipcMode,
    proxyConfiguration: td.proxyConfiguration,
    inferenceAccelerators: td.inferenceAccelerators,
    ephemeralStorage: td.ephemeralStorage,
    runtimePlatform: td.runtimePlatform,
    ...(tags?.length ? { tags } : {}),
  };
  const res = await ecs.send(new RegisterTaskDefinitionCommand(input));
  const arn = res.taskDefinition?.taskDefinitionArn;
  if (!arn) throw hotswapError(stackName, `registering a new revision of ${td.family} returned no ARN`);
  return arn;
}

async function updateService(ecs: ECSClient, service: { logicalId: string; cluster: unknown }, taskDefinition: string, ctx: ResolveContext, stackName: string): Promise<void> {
  const serviceId = ctx.physicalIds[service.logicalId];
  const cluster = service.cluster === undefined ? undefined : resolveValue(service.cluster, ctx);
  if (!serviceId || (service.cluster !== undefined && !cluster)) throw hotswapError(stackName, `service ${service.logicalId} or its cluster cannot be resolved`);
  await ecs.send(new UpdateServiceCommand({ cluster, service: serviceId, taskDefinition }));
}

function hotswapError(stackName: string, detail: string): NxstackError {
  return new NxstackError('NXS_HOTSWAP_FAILED', `Hotswap of stack ${stackName} failed: ${detail}.`, {
    hint: 'Deploy without --hotswap: CloudFormation then updates the stack in full.',
  });
}
