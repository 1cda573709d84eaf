// Generates the benchmark workspace: an Nx workspace with our packed packages, a project `one`
// (1 function) and `many` (N functions), and a CDK app bundling the same handlers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOurPackages } from './install-packages.mjs';

const handler = (i) => `import { chunk } from 'lodash-es';
import { format } from 'date-fns';
import { z } from 'zod';
import { v4 as uuid } from 'uuid';

const Event = z.object({ items: z.array(z.number()) });

export const handler = async (event: unknown) => {
  const { items } = Event.parse(event);
  return { id: uuid(), day: format(new Date(0), 'yyyy-MM-dd'), chunks: chunk(items, ${i}) };
};
`;

const stack = (names) =>
  'resources:\n' +
  names.map((n) => `  ${n}:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/${n}.ts\n          handlerFunction: handler\n      runtime: nodejs20.x\n`).join('');

const cdkApp = `const cdk = require('aws-cdk-lib');
const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');
const lambda = require('aws-cdk-lib/aws-lambda');
const path = require('path');
const count = Number(process.env.FN_COUNT || '1');
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Bench');
for (let i = 1; i <= count; i++) {
  const dir = count === 1 ? 'one' : 'many';
  new NodejsFunction(stack, 'Fn' + i, {
    entry: path.join(__dirname, 'apps', dir, 'src', 'fn' + i + '.ts'),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_20_X,
    depsLockFilePath: path.join(__dirname, 'package-lock.json'),
    projectRoot: __dirname,
    bundling: { sourceMap: true, externalModules: ['@aws-sdk/*'] },
  });
}
app.synth();
`;

function write(file, text) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

export function generateNodeWorkspace({ repo, ws, count }) {
  installOurPackages({
    repo, ws, name: 'nxstack-bench-node',
    devDependencies: {
      nx: '24.0.6', '@nx/devkit': '24.0.0', typescript: '5.9.3', esbuild: '0.28.2',
      'aws-cdk-lib': '2.276.0', 'aws-cdk': '2.1148.0', constructs: '10.8.1',
    },
    dependencies: { 'lodash-es': '4.18.1', 'date-fns': '4.4.0', zod: '4.6.7', uuid: '14.0.3' },
  });
  write(join(ws, 'nx.json'), JSON.stringify({ plugins: ['@nxstack/plugin'], useDaemonProcess: false }, null, 2));
  write(join(ws, 'cdk.json'), JSON.stringify({ app: 'node cdk-app.js', 'cli-telemetry': false, context: { 'aws-cdk:enableDiffNoFail': true } }, null, 2));
  write(join(ws, 'cdk-app.js'), cdkApp);
  write(join(ws, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true } }, null, 2));
  write(join(ws, 'apps/one/project.json'), JSON.stringify({ name: 'one', root: 'apps/one' }, null, 2));
  write(join(ws, 'apps/one/src/fn1.ts'), handler(1));
  write(join(ws, 'apps/one/stack.yml'), stack(['fn1']));
  const names = Array.from({ length: count }, (_, i) => `fn${i + 1}`);
  write(join(ws, 'apps/many/project.json'), JSON.stringify({ name: 'many', root: 'apps/many' }, null, 2));
  names.forEach((n, i) => write(join(ws, `apps/many/src/${n}.ts`), handler(i + 1)));
  write(join(ws, 'apps/many/stack.yml'), stack(names));
}
