import type { AnyCompiledArtifact } from '../types';
import { imageArtifact } from './compute-stack';
import type { StackYamlData } from './sample-stack';
import { artifact, manifest } from './sample-stack';

const rp = (resource: string, param: string) => ({ $directive: 'ResourceParam', resource, param });
const image = { type: 'custom-dockerfile', properties: { buildContextPath: 'job' } };

/** An EFS file system mounted by a function (two mounts), a web service and two containers of a workload; spot, GPU and spot GPU batch jobs with events. */
export function volumesBatchConfig(): StackYamlData {
  return {
    resources: {
      shared: { type: 'efs-filesystem', properties: { backupEnabled: true, throughputMode: 'provisioned', provisionedThroughputInMibps: 64 } },
      scratch: { type: 'efs-filesystem' },
      inputs: { type: 'bucket' },
      bus: { type: 'event-bus' },
      files: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/files.ts' } },
          joinDefaultVpc: true,
          volumeMounts: [{ type: 'efs', properties: { efsFilesystemName: 'shared', mountPath: '/mnt/shared' } }],
        },
      },
      scratchFn: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/files.ts' } },
          joinDefaultVpc: true,
          volumeMounts: [{ type: 'efs', properties: { efsFilesystemName: 'scratch', rootDirectory: '/files', mountPath: '/mnt/scratch' } }],
        },
      },
      datasets: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/files.ts' } },
          joinDefaultVpc: true,
          volumeMounts: [{ type: 's3files', properties: { accessPointArn: 'arn:aws:s3files:eu-west-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0', mountPath: '/mnt/datasets' } }],
        },
      },
      web: {
        type: 'web-service',
        properties: {
          packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27' } },
          resources: { cpu: 0.25, memory: 512 },
          port: 80,
          volumeMounts: [{ type: 'efs', properties: { efsFilesystemName: 'shared', rootDirectory: '/web', mountPath: '/usr/share/nginx/html' } }],
        },
      },
      workers: {
        type: 'multi-container-workload',
        properties: {
          resources: { cpu: 0.5, memory: 1024 },
          containers: [
            { name: 'writer', packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27' } }, volumeMounts: [{ type: 'efs', properties: { efsFilesystemName: 'shared', rootDirectory: '/web', mountPath: '/data' } }] },
            { name: 'idle', packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27' } }, essential: false },
            {
              name: 'reader',
              packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27' } },
              essential: false,
              volumeMounts: [
                { type: 'efs', properties: { efsFilesystemName: 'scratch', mountPath: '/scratch' } },
                { type: 'efs', properties: { efsFilesystemName: 'shared', rootDirectory: '/web', mountPath: '/site' } },
              ],
            },
          ],
        },
      },
      train: {
        type: 'batch-job',
        properties: {
          container: { packaging: image },
          resources: { cpu: 4, memory: 16000, gpu: 1 },
          useSpotInstances: true,
          retryConfig: { attempts: 2 },
          events: [
            { type: 'schedule', properties: { scheduleRate: 'rate(1 day)', input: { mode: 'nightly' } } },
            { type: 'event-bus', properties: { eventBusName: 'bus', eventPattern: { source: ['app.training'] } } },
          ],
        },
      },
      classify: {
        type: 'batch-job',
        properties: {
          container: { packaging: image },
          resources: { cpu: 2, memory: 14000 },
          useSpotInstances: true,
          events: [{ type: 's3', properties: { bucketArn: rp('inputs', 'arn'), s3EventType: 's3:ObjectCreated:*', filterRule: { prefix: 'in/', suffix: '.zip' } } }],
        },
      },
      render: { type: 'batch-job', properties: { container: { packaging: image }, resources: { cpu: 8, memory: 30000, gpu: 2 } } },
      report: { type: 'batch-job', properties: { container: { packaging: image }, resources: { cpu: 1, memory: 2048 }, useSpotInstances: false } },
    },
  };
}

export function volumesBatchArtifacts(): Record<string, AnyCompiledArtifact> {
  return {
    files: artifact('api', manifest('files')),
    scratchFn: artifact('api', manifest('scratchFn')),
    datasets: artifact('api', manifest('datasets')),
    train: imageArtifact('train', '2'),
    classify: imageArtifact('classify', '3'),
    render: imageArtifact('render', '4'),
    report: imageArtifact('report', '5'),
  };
}
