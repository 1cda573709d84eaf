// Generates the issue-4 benchmark workspace: an Nx workspace with our packed packages and three
// projects (py, go, java), each with a hand-written `package` target using our executor and a SAM
// template.yaml beside it that builds the very same sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { installOurPackages } from './install-packages.mjs';

const { lambdaPom } = createRequire(import.meta.url)('../../packages/plugin/dist/generators/stack/language-templates.js');

export const PY_REQUIREMENTS = 'numpy==2.3.5\npydantic==2.12.5\n';
export const GO_LAMBDA = 'github.com/aws/aws-lambda-go v1.47.0';

export const pyHandler = (marker = 0) => `import numpy as np
from pydantic import BaseModel


class Event(BaseModel):
    values: list[float]


def handler(event, context):
    parsed = Event.model_validate(event)
    arr = np.array(parsed.values)
    return {"n": int(arr.size), "mean": float(arr.mean()) if arr.size else 0.0}
# edit ${marker}
`;

const goMain = `package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

type Event struct {
	Name string \`json:"name"\`
}

func handle(ctx context.Context, e Event) (string, error) {
	return "hello " + e.Name, nil
}

func main() {
	lambda.Start(handle)
}
`;

// The same Lambda pom.xml the plugin's stack generator writes (built packages/plugin).
const pom = lambdaPom('bench', 'fn');

const javaHandler = `package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, String> {
  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "hello " + event.get("name");
  }
}
`;

// One function per template, the same runtime/architecture as our target.
const samTemplate = (props, metadata) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
${Object.entries({ ...props, Architectures: ['x86_64'], MemorySize: 512, Timeout: 10 }).map(([k, v]) => `      ${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join('\n')}
${metadata ? `    Metadata:\n      BuildMethod: ${metadata}\n` : ''}`;

const target = (executor, options) => ({ package: { executor, options } });

function write(file, text) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

export function generateLambdaWorkspace({ repo, ws, env }) {
  mkdirSync(ws, { recursive: true });
  installOurPackages({ repo, ws, name: 'nxstack-bench-lambda', devDependencies: { nx: '24.0.6', '@nx/devkit': '24.0.0' } });
  write(join(ws, 'nx.json'), JSON.stringify({ useDaemonProcess: false }, null, 2));
  // SAM's build folders hold copies of the sources: keep them out of Nx's project graph.
  write(join(ws, '.nxignore'), '**/.aws-sam\n**/target\n');

  // Python: the entry folder is the zip root for us and CodeUri for SAM, requirements.txt in it.
  write(join(ws, 'apps/py/project.json'), JSON.stringify({ name: 'py', root: 'apps/py', targets: target('@nxstack/packager-python:package', {
    resourceName: 'fn', entryfilePath: 'src/handler.py', runtime: 'python3.12', architecture: 'x86_64',
    languageSpecificConfig: { packageManagerFile: 'src/requirements.txt' },
  }) }, null, 2));
  write(join(ws, 'apps/py/src/handler.py'), pyHandler());
  write(join(ws, 'apps/py/src/requirements.txt'), PY_REQUIREMENTS);
  write(join(ws, 'apps/py/template.yaml'), samTemplate({ CodeUri: 'src/', Handler: 'handler.handler', Runtime: 'python3.12' }));

  // Go: the module at the project root; SAM's go1.x build method names the binary after Handler.
  write(join(ws, 'apps/go/project.json'), JSON.stringify({ name: 'go', root: 'apps/go', targets: target('@nxstack/packager-go:package', {
    resourceName: 'fn', entryfilePath: 'main.go', runtime: 'provided.al2023', architecture: 'x86_64',
  }) }, null, 2));
  write(join(ws, 'apps/go/main.go'), goMain);
  if (!existsSync(join(ws, 'apps/go/go.sum'))) {
    write(join(ws, 'apps/go/go.mod'), `module bench/fn\n\ngo 1.22\n\nrequire ${GO_LAMBDA}\n`);
    execFileSync('go', ['mod', 'tidy'], { cwd: join(ws, 'apps/go'), env, stdio: 'inherit' });
  }
  write(join(ws, 'apps/go/template.yaml'), samTemplate({ CodeUri: '.', Handler: 'bootstrap', Runtime: 'provided.al2023' }, 'go1.x'));

  // Java: one Maven project, classes at the zip root and jars under lib/ on both sides.
  write(join(ws, 'apps/java/project.json'), JSON.stringify({ name: 'java', root: 'apps/java', targets: target('@nxstack/packager-java:package', {
    resourceName: 'fn', entryfilePath: 'src/main/java/bench/Handler.java', runtime: 'java21', architecture: 'x86_64',
    languageSpecificConfig: { packageManagerFile: 'pom.xml', javaVersion: 21 },
  }) }, null, 2));
  write(join(ws, 'apps/java/pom.xml'), pom);
  write(join(ws, 'apps/java/src/main/java/bench/Handler.java'), javaHandler);
  write(join(ws, 'apps/java/template.yaml'), samTemplate({ CodeUri: '.', Handler: 'bench.Handler::handleRequest', Runtime: 'java21' }));
}
