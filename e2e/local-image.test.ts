/**
 * `nx run api:invoke --resource imageFn` on an image function through the real nx CLI on a
 * packed install: the packaged image (stacktape-image-buildpack, daemonless) is loaded into the
 * test's private dockerd and runs as a container against the local Runtime API (host network:
 * that dockerd has no bridge). Without an engine, invoke fails with NXS_DOCKER_UNAVAILABLE at the
 * function's packaging in stack.yml.
 *
 * `nx run api:serve` runs the web services of the same workspace (a TS node:http server, a Flask
 * app under gunicorn and a plain ASGI callable under uvicorn, both through runAppAs) as host
 * processes without an engine and as containers of their packaged images with one; `lbapp:serve`
 * runs a multi-container workload and a function behind an application load balancer.
 *
 * No public base image can be pulled here: the base is this machine's node (host-runtime-base)
 * plus nxstack's own Node runtime client as its entrypoint, as a Lambda base image has one.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeLayout } from '@nxstack/image-builder';
import { connectDocker } from '@nxstack/image-builder';
import { localEndpointUrl, stackName, webServiceEndpointLogicalId } from '@nxstack/core';
import { hostNodeBaseImage, hostPythonBaseImage } from '../packages/image-builder/src/__fixtures__/host-runtime-base';
import { addSampleFunction } from './lib/add-function';
import { expectFailure, expectSuccess, resultOf } from './lib/nx-run-checks';
import { createSampleWorkspace, runNx, runNxAsync, startContinuousNx, stopNx } from './lib/sample-workspace';
import '../tools/test-services/provided-context';
import { processAlive, processesGone } from './lib/process-alive';
import { pushBusyboxBase } from '../packages/image-builder/src/__fixtures__/busybox-base';
import { motoEnv } from '../tools/test-services/aws-env';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { deployedTemplate } from './lib/deployed-stack';
import { lambdaNodeBaseImage } from './lib/lambda-node-base';

const TEN_MINUTES = 600_000;
let ws: string;

// One workspace for the file: image functions under invoke, services under serve.
beforeAll(async () => {
  const node = await hostNodeBaseImage();
  const base = await lambdaNodeBaseImage(node);
  ws = createSampleWorkspace();
  await writeLayout(path.join(ws, 'base-layout'), base);
  // Services: plain glibc node / python bases (a service image runs its own command, no runtime client).
  await writeLayout(path.join(ws, 'node-base'), node);
  await writeLayout(path.join(ws, 'python-base'), await hostPythonBaseImage());
  addServices(ws, 'v1');
  addSampleFunction(ws, {
    name: 'imageFn',
    file: 'image-fn.ts',
    packaging: 'stacktape-image-buildpack',
    properties: ['memory: 256'],
    code: [
      'export const handler = async (event: { name: string }) => {',
      '  console.log(`hello ${event.name} from the container`);',
      '  return { greeting: `hi ${event.name}`, taskRoot: process.env.LAMBDA_TASK_ROOT, handler: process.env._HANDLER };',
      '};',
    ],
  });
  // The base image is an executor option (not a stack.yml setting), as in e2e/images.test.ts.
  const project = JSON.parse(readFileSync(path.join(ws, 'api/project.json'), 'utf8')) as { targets?: Record<string, unknown> };
  project.targets = {
    ...project.targets,
    'package--imageFn': { options: { baseImage: 'oci-layout:base-layout' } },
    'package--web': { options: { baseImage: 'oci-layout:node-base' } },
    'package--wsgi': { options: { baseImage: 'oci-layout:python-base' } },
    'package--asgi': { options: { baseImage: 'oci-layout:python-base' } },
  };
  writeFileSync(path.join(ws, 'api/project.json'), JSON.stringify(project, null, 2));
  writeFileSync(path.join(ws, 'event.json'), JSON.stringify({ name: 'docker' }));
}, TEN_MINUTES);

afterAll(() => {
  if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
});

describe('e2e: image functions run under Docker', () => {
  it('runs the packaged image as a container against the local Runtime API', () => {
    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'imageFn', '--event', 'event.json'], { DOCKER_HOST: inject('dockerHost') });
    expectSuccess(run);
    expect(resultOf(run)).toEqual({ greeting: 'hi docker', taskRoot: '/var/task', handler: expect.stringMatching(/handler$/) });
    expect(run.output).toContain('hello docker from the container');
    expect(run.output).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB/);
  }, TEN_MINUTES);

  it('without a reachable engine, fails with NXS_DOCKER_UNAVAILABLE at the packaging in stack.yml', () => {
    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'imageFn', '--event', 'event.json'], { DOCKER_HOST: `unix://${path.join(ws, 'no-engine.sock')}` });
    expectFailure(run);
    expect(run.output).toMatch(/NXS_DOCKER_UNAVAILABLE api\/stack\.yml:\d+:\d+ 'imageFn' is a container image function: it runs locally under Docker, and no Docker engine answers at unix:\/\//);
  }, TEN_MINUTES);
});

/** A TS web-service (node:http on PORT), a Flask app under gunicorn (runAppAs: WSGI) and a plain ASGI callable under uvicorn. */
function addServices(workspace: string, version: string): void {
  writeWebService(workspace, version);
  mkdirSync(path.join(workspace, 'api/wsgi'), { recursive: true });
  mkdirSync(path.join(workspace, 'api/asgi'), { recursive: true });
  writeFileSync(path.join(workspace, 'api/wsgi/requirements.txt'), 'flask==3.0.3\n');
  writeFileSync(
    path.join(workspace, 'api/wsgi/flask_app.py'),
    ['import os', 'from flask import Flask, request', '', 'app = Flask(__name__)', '', '', '@app.get("/<path:name>")', 'def hello(name):', '    return {"server": "gunicorn", "name": name, "port": os.environ["PORT"], "q": request.args.get("q")}', ''].join('\n'),
  );
  writeFileSync(
    path.join(workspace, 'api/asgi/asgi_app.py'),
    [
      'import json, os',
      '',
      '',
      'async def app(scope, receive, send):',
      '    if scope["type"] != "http":',
      '        return',
      '    body = json.dumps({"server": "uvicorn", "path": scope["path"], "port": os.environ["PORT"]}).encode()',
      '    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})',
      '    await send({"type": "http.response.body", "body": body})',
      '',
    ].join('\n'),
  );
  const service = (name: string, entry: string, extra: string[] = []) => [
    `  ${name}:`, '    type: web-service', '    properties:', '      resources: { cpu: 0.25, memory: 512 }', '      environment:', '        - name: GREETING', `          value: hello from ${name}`,
    '      packaging:', '        type: stacktape-image-buildpack', '        properties:', `          entryfilePath: ${entry}`, ...extra,
  ];
  appendFileSync(
    path.join(workspace, 'api/stack.yml'),
    [
      ...service('web', 'src/web.ts'),
      ...service('wsgi', 'wsgi/flask_app.py:app', ["          languageSpecificConfig: { runAppAs: WSGI, pythonVersion: '3.11', packageManagerFile: wsgi/requirements.txt }"]),
      ...service('asgi', 'asgi/asgi_app.py:app', ["          languageSpecificConfig: { runAppAs: ASGI, pythonVersion: '3.11' }"]),
      '',
    ].join('\n'),
  );
}

function writeWebService(workspace: string, version: string): void {
  writeFileSync(
    path.join(workspace, 'api/src/web.ts'),
    [
      "import { createServer } from 'node:http';",
      `const version: string = '${version}';`,
      'createServer((req, res) => {',
      "  res.setHeader('content-type', 'application/json');",
      '  res.end(JSON.stringify({ version, path: req.url, port: process.env.PORT, greeting: process.env.GREETING }));',
      '}).listen(Number(process.env.PORT), process.env.HOST);',
      '',
    ].join('\n'),
  );
}

/** `nx run api:serve` until it printed `pattern`; its output so far, the pids and URLs it named. */
class Serve {
  output = '';
  readonly child: ChildProcessWithoutNullStreams;
  constructor(env: Record<string, string>, project = 'api') {
    this.child = startContinuousNx(ws, ['run', `${project}:serve`], env);
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.output += d));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.output += d));
  }
  waitFor(pattern: RegExp, timeoutMs = 300_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        const m = this.output.match(pattern);
        if (m) return resolve(m);
        if (this.child.exitCode !== null) return reject(new Error(`serve exited (${this.child.exitCode}):\n${this.output.slice(-6000)}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`serve did not print ${pattern}:\n${this.output.slice(-6000)}`));
        setTimeout(check, 100);
      };
      check();
    });
  }
  /** The `dev.nxstack.serve` labels (`<project>/<resource>`) of the containers serve runs in the engine at `dockerHost`. */
  async containers(dockerHost: string): Promise<string[]> {
    const list = await connectDocker(dockerHost).listContainers({ all: true, filters: { label: ['dev.nxstack.serve'] } });
    return list.map((c) => c.Labels['dev.nxstack.serve']!).sort();
  }
  /** Stops serve; it removes its containers on SIGTERM (its requests may land just after nx itself exited). */
  async stopAndExpectNoContainers(dockerHost: string): Promise<void> {
    await stopNx(this.child);
    const deadline = Date.now() + 15_000;
    while ((await this.containers(dockerHost)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await this.containers(dockerHost)).toEqual([]);
  }
  services(): Record<string, { url: string; mode: string; pid: number }> {
    const found: Record<string, { url: string; mode: string; pid: number }> = {};
    for (const m of this.output.matchAll(/serving web-service '(\w+)' at (http:\/\/\S+) \((process|container), pid (\d+)\)/g)) found[m[1]!] = { url: m[2]!, mode: m[3]!, pid: Number(m[4]) };
    return found;
  }
}


describe('e2e: nx run api:serve runs web services', () => {
  it('as host processes without an engine: HTTP reaches the TS, Flask (gunicorn) and ASGI (uvicorn) services; a re-package restarts one; SIGTERM leaves no process behind', async () => {
    const serve = new Serve({ DOCKER_HOST: `unix://${path.join(ws, 'no-engine.sock')}` });
    try {
      await serve.waitFor(/ready: press Ctrl\+C/);
      const services = serve.services();
      // The URL the local stage's outputs give the web-service (its HTTP API front's local endpoint).
      expect(services['web']?.url).toBe(localEndpointUrl(stackName('api', 'local'), webServiceEndpointLogicalId('web')));
      expect(Object.values(services).map((s) => s.mode)).toEqual(['process', 'process', 'process']);
      const web = await fetch(`${services['web']!.url}/hi?x=1`);
      expect(await web.json()).toEqual({ version: 'v1', path: '/hi?x=1', port: new URL(services['web']!.url).port, greeting: 'hello from web' });
      expect(await (await fetch(`${services['wsgi']!.url}/ada?q=1`)).json()).toEqual({ server: 'gunicorn', name: 'ada', port: new URL(services['wsgi']!.url).port, q: '1' });
      expect(await (await fetch(`${services['asgi']!.url}/x/y`)).json()).toEqual({ server: 'uvicorn', path: '/x/y', port: new URL(services['asgi']!.url).port });

      writeWebService(ws, 'v2');
      const pkg = await runNxAsync(ws, ['run', 'api:package--web']);
      if (pkg.status !== 0) throw new Error(`package failed:\n${pkg.output.slice(-6000)}`);
      const restarted = await serve.waitFor(/restarted 'web' \(process, pid (\d+)\)/, 60_000);
      expect(processAlive(services['web']!.pid)).toBe(false);
      expect(await (await fetch(`${services['web']!.url}/`)).json()).toMatchObject({ version: 'v2' });

      const pids = [Number(restarted[1]), services['wsgi']!.pid, services['asgi']!.pid];
      expect(pids.every(processAlive)).toBe(true);
      await stopNx(serve.child);
      // No orphan: every service process (each in its own process group) ended with serve.
      expect(await processesGone(pids)).toEqual([]);
    } finally {
      await stopNx(serve.child);
    }
  }, TEN_MINUTES);

  it('as containers of the packaged images when an engine answers; stopping serve removes them', async () => {
    const dockerHost = inject('dockerHost');
    const serve = new Serve({ DOCKER_HOST: dockerHost });
    try {
      await serve.waitFor(/ready: press Ctrl\+C/);
      const services = serve.services();
      expect(Object.values(services).map((s) => s.mode)).toEqual(['container', 'container', 'container']);
      expect(await (await fetch(`${services['web']!.url}/c`)).json()).toMatchObject({ version: 'v2', path: '/c', greeting: 'hello from web' });
      expect(await (await fetch(`${services['wsgi']!.url}/bob`)).json()).toMatchObject({ server: 'gunicorn', name: 'bob' });
      expect(await (await fetch(`${services['asgi']!.url}/z`)).json()).toMatchObject({ server: 'uvicorn', path: '/z' });
      expect(await serve.containers(dockerHost)).toHaveLength(3);
      await serve.stopAndExpectNoContainers(dockerHost);
    } finally {
      await stopNx(serve.child);
    }
  }, TEN_MINUTES);
});


/**
 * `nx run lbapp:serve` (e2e/workload-project/lbapp): a three-container workload and a function
 * behind an application load balancer, run in the test dockerd.
 */
describe('e2e: nx run lbapp:serve runs a multi-container workload behind an application load balancer', () => {
  it('containers start in dependsOn order (HEALTHY, SUCCESS) and reach each other on localhost and by service-connect alias; the ALB routes /fn/* to the function and the rest to a container; an HTTP API route reaches the container; stopping serve removes the containers', async () => {
    cpSync(path.join(__dirname, 'workload-project', 'lbapp'), path.join(ws, 'lbapp'), { recursive: true });
    const env = { DOCKER_HOST: inject('dockerHost') };
    expectSuccess(runNx(ws, ['run', 'lbapp:deploy'], env));
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/lbapp/state.json'), 'utf8')) as { outputs: Record<string, string> };
    const serve = new Serve(env, 'lbapp');
    try {
      await serve.waitFor(/ready: press Ctrl\+C/);
      // The ALB listens where the local stage's url output (and $ResourceParam) points.
      const site = serve.output.match(/serving application-load-balancer 'site' listener 80 at (http:\/\/\S+)/)?.[1];
      expect(site).toBe(state.outputs['SiteUrl']);
      expect(serve.output).toMatch(/serving multi-container-workload 'app' \(containers: .*front pid \d+/);
      // init ran to its end, and back answered the moment front started (front waited for it to be HEALTHY).
      expect(serve.output).toContain('[app/init] init: done');
      const atStart = await serve.waitFor(/\[app\/front\] front: back answered at start (.*)/, 10_000);
      expect(JSON.parse(atStart[1]!)).toEqual({ from: 'back', path: '/data' });

      const fn = await fetch(`${site}/fn/hi?x=1`);
      expect(fn.status).toBe(200);
      expect(await fn.json()).toEqual({ from: 'function', method: 'GET', path: '/fn/hi', query: { x: '1' } });
      const page = await fetch(`${site}/page`);
      expect(page.status).toBe(200);
      expect(await page.json()).toEqual({ from: 'front', path: '/page', local: { from: 'back', path: '/data' }, alias: { from: 'back', path: '/alias' }, siteUrl: site });
      // The HTTP API's route to the container (HTTP_PROXY): the request passed on as it came.
      const api = serve.output.match(/serving http-api-gateway 'api' at (http:\/\/\S+)/)?.[1];
      expect(api).toBe(state.outputs['ApiUrl']);
      expect(await (await fetch(`${api}/items/7?full=1`)).json()).toMatchObject({ from: 'front', path: '/items/7?full=1' });

      // front and back run; init ended and the engine removed it.
      expect(await serve.containers(env.DOCKER_HOST)).toEqual(['lbapp/app/back', 'lbapp/app/front']);
      await serve.stopAndExpectNoContainers(env.DOCKER_HOST);
    } finally {
      await stopNx(serve.child);
    }
  }, TEN_MINUTES);
});

/**
 * volumeMounts, efs-filesystem and batch-job spot / GPU / events through nx on the packed
 * packages, in this file's workspace (its base layout runs the image function): `vol` (an EFS
 * file system mounted by a zip function, a spot GPU batch job on a schedule, the default bus
 * and, through its trigger function, a queue, a topic, an HTTP route and a log group) validates
 * and deploys to moto (the template checked and cfn-lint clean), and to the local stage, where invoking the zip function is refused at its
 * volumeMounts; `volimg` (an image function mounting the file system) runs under Docker with
 * the volume a local folder bound at its mount path, so a second invoke reads what the first wrote.
 */
describe('e2e: efs-filesystem + volumeMounts; a spot GPU batch job with a schedule and trigger events', () => {
  const STAGE = 'volumes-e2e';
  beforeAll(async () => {
    for (const project of ['vol', 'volimg']) cpSync(path.join(__dirname, 'volumes-projects', project), path.join(ws, project), { recursive: true });
    const image = await pushBusyboxBase('volumes/job', '1');
    const stackFile = path.join(ws, 'vol', 'stack.yml');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('__IMAGE__', image));
    writeFileSync(path.join(ws, 'write-note.json'), JSON.stringify({ write: 'kept on the volume' }));
  }, TEN_MINUTES);

  it('validates and deploys to moto: EFS file system, mount targets, access point, the function mounting it, spot GPU queue, schedule rule', async () => {
    const run = runNx(ws, ['run', 'vol:deploy', '--stage', STAGE, '--region', 'us-east-1'], motoEnv('us-east-1'));
    expectSuccess(run);
    expect(run.output).toContain('nx run vol:validate');
    const template = await deployedTemplate(stackName('vol', STAGE));
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
    expect(Object.values(resources).map((r) => r.Type)).toEqual(expect.arrayContaining([
      'AWS::EFS::FileSystem', 'AWS::EFS::MountTarget', 'AWS::EFS::AccessPoint', 'AWS::Batch::ComputeEnvironment', 'AWS::Events::Rule',
    ]));
    expect(resources.NotesFunction.Properties.FileSystemConfigs).toEqual([{ Arn: { 'Fn::GetAtt': ['NotesVolumeAccessPoint1', 'Arn'] }, LocalMountPath: '/mnt/notes' }]);
    expect(resources.NotesFunction.DependsOn).toEqual(['FilesMountTarget1', 'FilesMountTarget2']);
    expect(resources.SharedBatchSpotGpuComputeEnvironment.Properties.ComputeResources).toMatchObject({ Type: 'SPOT', InstanceTypes: ['g5', 'p4d'] });
    expect(resources.TrainScheduleRule1.Properties).toMatchObject({ ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: { Ref: 'TrainStateMachine' } }] });
    // event-bus onDeliveryFailure: the target's dead-letter queue, which allows the rule (and the topic) to send to it.
    expect(resources.TrainEventBusRule1.Properties.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] } });
    expect(resources.FailedDeliveryFailurePolicy.Properties.PolicyDocument.Statement.map((st: { Principal: { Service: string } }) => st.Principal.Service).sort()).toEqual(['events.amazonaws.com', 'sns.amazonaws.com']);
    // The trigger function takes the Lambda event sources, with a function's settings.
    expect(resources.TrainTriggerFunction.Properties).toMatchObject({ Handler: 'index.handler', Environment: { Variables: { STATE_MACHINE_ARN: { Ref: 'TrainStateMachine' } } } });
    expect(resources.TrainSqsEventSourceMapping1.Properties).toMatchObject({ FunctionName: { Ref: 'TrainTriggerFunction' }, BatchSize: 5, MaximumBatchingWindowInSeconds: 2 });
    expect(resources.TrainSnsSubscription1.Properties).toMatchObject({ FilterPolicy: { kind: ['retrain'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] } } });
    expect(resources.TrainHttpApiRoute1.Properties).toMatchObject({ RouteKey: 'POST /train' });
    expect(resources.TrainLogSubscription1.Properties).toMatchObject({ FilterPattern: 'ERROR', DestinationArn: { 'Fn::GetAtt': ['TrainTriggerFunction', 'Arn'] } });
    const file = path.join(ws, 'vol-deployed.json');
    writeFileSync(file, JSON.stringify(template));
    expect(await cfnLint(file)).toBe('');
  }, TEN_MINUTES);

  it('deploys to the local stage; invoking the zip function that mounts /mnt/notes is refused at its volumeMounts', () => {
    expectSuccess(runNx(ws, ['run', 'vol:deploy']));
    const run = runNx(ws, ['run', 'vol:invoke', '--resource', 'notes']);
    expectFailure(run);
    expect(run.output).toMatch(/NXS_VOLUME_MOUNT_UNAVAILABLE_LOCALLY vol\/stack\.yml:\d+:\d+ 'notes' mounts \/mnt\/notes, which a zip function \(run locally as a host process\) cannot provide/);
  }, TEN_MINUTES);

  it('an image function gets its volume as a local folder at /mnt/notes: a second invoke reads what the first wrote', () => {
    const docker = { DOCKER_HOST: inject('dockerHost') };
    expectSuccess(runNx(ws, ['run', 'volimg:deploy'], docker));
    const write = runNx(ws, ['run', 'volimg:invoke', '--resource', 'notes', '--event', 'write-note.json'], docker);
    expectSuccess(write);
    expect(resultOf(write)).toEqual({ note: 'kept on the volume\n' });
    const read = runNx(ws, ['run', 'volimg:invoke', '--resource', 'notes'], docker);
    expectSuccess(read);
    expect(resultOf(read)).toEqual({ note: 'kept on the volume\n' });
    expect(readFileSync(path.join(ws, '.nxstack/local/volumes/volimg/files/notes/note.txt'), 'utf8')).toBe('kept on the volume\n');
  }, TEN_MINUTES);
});
