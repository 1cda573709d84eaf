import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { parsedFixtureStack } from '../__fixtures__/sample-stack';
import { volumesBatchArtifacts, volumesBatchConfig } from '../__fixtures__/volumes-batch-stack';

describe('efs-filesystem, volumeMounts, and batch jobs on Spot / GPU with events', () => {
  const { template } = compileStack({ stack: parsedFixtureStack(volumesBatchConfig()), projectName: 'api', stage: 'dev', artifacts: volumesBatchArtifacts() });
  const r = template.Resources;
  const props = (id: string) => r[id].Properties as Record<string, any>;

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it('efs-filesystem: encrypted file system, a mount target per shared subnet, its own security group', () => {
    expect(props('SharedFileSystem')).toMatchObject({ Encrypted: true, ThroughputMode: 'provisioned', ProvisionedThroughputInMibps: 64, BackupPolicy: { Status: 'ENABLED' } });
    expect(props('ScratchFileSystem')).toMatchObject({ ThroughputMode: 'elastic' });
    expect(props('ScratchFileSystem').BackupPolicy).toBeUndefined();
    expect([props('SharedMountTarget1'), props('SharedMountTarget2')]).toEqual([
      { FileSystemId: { Ref: 'SharedFileSystem' }, SubnetId: { Ref: 'SharedVpcPublicSubnet1' }, SecurityGroups: [{ 'Fn::GetAtt': ['SharedSecurityGroup', 'GroupId'] }] },
      { FileSystemId: { Ref: 'SharedFileSystem' }, SubnetId: { Ref: 'SharedVpcPublicSubnet2' }, SecurityGroups: [{ 'Fn::GetAtt': ['SharedSecurityGroup', 'GroupId'] }] },
    ]);
  });

  it('function volumeMounts: FileSystemConfigs through an access point, NFS ingress, IAM, DependsOn the mount targets', () => {
    const fn = r.FilesFunction as { DependsOn: string[]; Properties: Record<string, any> };
    expect(fn.Properties.FileSystemConfigs).toEqual([{ Arn: { 'Fn::GetAtt': ['FilesVolumeAccessPoint1', 'Arn'] }, LocalMountPath: '/mnt/shared' }]);
    expect(fn.DependsOn).toEqual(['SharedMountTarget1', 'SharedMountTarget2']);
    expect(fn.Properties.VpcConfig).toBeDefined();
    expect(props('FilesVolumeAccessPoint1')).toEqual({ FileSystemId: { Ref: 'SharedFileSystem' }, RootDirectory: { Path: '/' }, PosixUser: { Uid: '0', Gid: '0' } });
    expect(props('ScratchFnVolumeAccessPoint1')).toEqual({
      FileSystemId: { Ref: 'ScratchFileSystem' },
      RootDirectory: { Path: '/files', CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '0755' } },
      PosixUser: { Uid: '1000', Gid: '1000' },
    });
    expect(props('FilesVolumeNfsIngress1')).toMatchObject({ GroupId: { 'Fn::GetAtt': ['SharedSecurityGroup', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['FilesSecurityGroup', 'GroupId'] }, FromPort: 2049, ToPort: 2049 });
    const policy = (id: string) => props(id).Policies.find((p: { PolicyName: string }) => p.PolicyName === 'VolumeMounts').PolicyDocument.Statement;
    expect(policy('FilesRole')).toEqual([{
      Effect: 'Allow',
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [{ 'Fn::GetAtt': ['SharedFileSystem', 'Arn'] }],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': [{ 'Fn::GetAtt': ['FilesVolumeAccessPoint1', 'Arn'] }] } },
    }]);
    const arn = volumesBatchConfig().resources.datasets.properties!.volumeMounts[0].properties.accessPointArn;
    expect(props('DatasetsFunction').FileSystemConfigs).toEqual([{ Arn: arn, LocalMountPath: '/mnt/datasets' }]);
    expect(r.DatasetsFunction.DependsOn).toBeUndefined();
    expect(policy('DatasetsRole')).toEqual([{ Effect: 'Allow', Action: ['s3files:ClientMount', 's3files:ClientWrite'], Resource: '*', Condition: { StringEquals: { 's3files:AccessPointArn': [arn] } } }]);
  });

  it('web-service volumeMounts: an EFS volume with TLS and IAM through its access point, mounted in the container', () => {
    const td = props('WebTaskDefinition');
    expect(td.Volumes).toEqual([{ Name: 'volume1', EFSVolumeConfiguration: { FilesystemId: { Ref: 'SharedFileSystem' }, TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: { Ref: 'WebVolumeAccessPoint1' }, IAM: 'ENABLED' } } }]);
    expect(td.ContainerDefinitions[0].MountPoints).toEqual([{ SourceVolume: 'volume1', ContainerPath: '/usr/share/nginx/html', ReadOnly: false }]);
    expect(r.WebService.DependsOn).toEqual(expect.arrayContaining(['SharedMountTarget1', 'SharedMountTarget2']));
    expect(props('WebTaskRole').Policies[0].PolicyDocument.Statement[0].Action).toEqual(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']);
  });

  it('multi-container-workload volumeMounts: the task holds a volume per mount (numbered across its containers), each container mounts its own', () => {
    const td = props('WorkersTaskDefinition');
    const volume = (n: number, fs: string) => ({ Name: `volume${n}`, EFSVolumeConfiguration: { FilesystemId: { Ref: fs }, TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: { Ref: `WorkersVolumeAccessPoint${n}` }, IAM: 'ENABLED' } } });
    expect(td.Volumes).toEqual([volume(1, 'SharedFileSystem'), volume(2, 'ScratchFileSystem'), volume(3, 'SharedFileSystem')]);
    expect(td.ContainerDefinitions.map((c: { Name: string; MountPoints?: unknown }) => [c.Name, c.MountPoints])).toEqual([
      ['writer', [{ SourceVolume: 'volume1', ContainerPath: '/data', ReadOnly: false }]],
      ['idle', undefined],
      ['reader', [{ SourceVolume: 'volume2', ContainerPath: '/scratch', ReadOnly: false }, { SourceVolume: 'volume3', ContainerPath: '/site', ReadOnly: false }]],
    ]);
    expect(props('WorkersVolumeAccessPoint2')).toEqual({ FileSystemId: { Ref: 'ScratchFileSystem' }, RootDirectory: { Path: '/' }, PosixUser: { Uid: '0', Gid: '0' } });
    // One NFS rule per file system the workload mounts (EC2 refuses a duplicate rule), named after its first mount.
    expect(Object.keys(r).filter((id) => id.startsWith('WorkersVolumeNfsIngress'))).toEqual(['WorkersVolumeNfsIngress1', 'WorkersVolumeNfsIngress2']);
    expect(props('WorkersVolumeNfsIngress1')).toMatchObject({ GroupId: { 'Fn::GetAtt': ['SharedSecurityGroup', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['WorkersSecurityGroup', 'GroupId'] } });
    expect(props('WorkersVolumeNfsIngress2')).toMatchObject({ GroupId: { 'Fn::GetAtt': ['ScratchSecurityGroup', 'GroupId'] } });
    expect(r.WorkersService.DependsOn).toEqual(expect.arrayContaining(['SharedMountTarget1', 'SharedMountTarget2', 'ScratchMountTarget1', 'ScratchMountTarget2']));
    const statements = props('WorkersTaskRole').Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [{ 'Fn::GetAtt': ['SharedFileSystem', 'Arn'] }, { 'Fn::GetAtt': ['ScratchFileSystem', 'Arn'] }],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': [1, 2, 3].map((n) => ({ 'Fn::GetAtt': [`WorkersVolumeAccessPoint${n}`, 'Arn'] })) } },
    });
  });

  it('batch jobs: spot GPU, spot CPU, on-demand GPU on EC2 queues of their kind; plain jobs stay on Fargate', () => {
    expect(props('SharedBatchSpotGpuComputeEnvironment').ComputeResources).toMatchObject({
      Type: 'SPOT', AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED', BidPercentage: 100, InstanceTypes: ['g5', 'p4d'], Ec2Configuration: [{ ImageType: 'ECS_AL2023_NVIDIA' }], MinvCpus: 0,
    });
    expect(props('SharedBatchSpotComputeEnvironment').ComputeResources).toMatchObject({ Type: 'SPOT', InstanceTypes: ['optimal'], Ec2Configuration: [{ ImageType: 'ECS_AL2023' }] });
    expect(props('SharedBatchOnDemandGpuComputeEnvironment').ComputeResources).toMatchObject({ Type: 'EC2', AllocationStrategy: 'BEST_FIT_PROGRESSIVE', InstanceTypes: ['g5', 'p4d'] });
    expect(props('SharedBatchOnDemandGpuComputeEnvironment').ComputeResources.BidPercentage).toBeUndefined();
    expect(props('TrainJobDefinition')).toMatchObject({
      PlatformCapabilities: ['EC2'],
      ContainerProperties: { ResourceRequirements: [{ Type: 'VCPU', Value: '4' }, { Type: 'MEMORY', Value: '16000' }, { Type: 'GPU', Value: '1' }] },
    });
    expect(props('TrainJobDefinition').ContainerProperties.NetworkConfiguration).toBeUndefined();
    expect(props('TrainStateMachine').DefinitionString['Fn::Sub'][1].JobQueueArn).toEqual({ Ref: 'SharedBatchSpotGpuJobQueue' });
    expect(props('ClassifyStateMachine').DefinitionString['Fn::Sub'][1].JobQueueArn).toEqual({ Ref: 'SharedBatchSpotJobQueue' });
    expect(props('RenderStateMachine').DefinitionString['Fn::Sub'][1].JobQueueArn).toEqual({ Ref: 'SharedBatchOnDemandGpuJobQueue' });
    expect(props('ReportJobDefinition').PlatformCapabilities).toEqual(['FARGATE']);
    expect(props('ReportStateMachine').DefinitionString['Fn::Sub'][1].JobQueueArn).toEqual({ Ref: 'SharedBatchJobQueue' });
  });

  it('batch-job events: EventBridge rules that start the state machine through a role', () => {
    const target = { Arn: { Ref: 'TrainStateMachine' }, Id: 'stateMachine', RoleArn: { 'Fn::GetAtt': ['TrainEventsRole', 'Arn'] } };
    expect(props('TrainScheduleRule1')).toEqual({ ScheduleExpression: 'rate(1 day)', State: 'ENABLED', Targets: [{ ...target, Input: '{"mode":"nightly"}' }] });
    expect(props('TrainEventBusRule1')).toMatchObject({ EventPattern: { source: ['app.training'] }, EventBusName: { 'Fn::GetAtt': ['BusEventBus', 'Arn'] }, Targets: [target] });
    expect(props('TrainEventsRole').Policies[0].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: 'TrainStateMachine' } }]);
    expect(props('ClassifyS3Rule1').EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [expect.objectContaining({ 'Fn::Sub': expect.any(String) })] }, object: { key: [{ wildcard: 'in/*.zip' }] } },
    });
    expect(props('InputsBucket').NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });
});

describe('volumeMounts and batch-job settings nxstack refuses, located in stack.yml', () => {
  type Config = ReturnType<typeof volumesBatchConfig>;
  const patched = (patch: (c: Config) => void): Config => {
    const c = volumesBatchConfig();
    patch(c);
    return c;
  };
  /** Every problem of loading (the loader reports them together) or compiling the stack. */
  const problems = (config: Config): Array<{ code: string; message: string; line?: number }> => {
    try {
      compileStack({ stack: parsedFixtureStack(config), projectName: 'api', stage: 'dev', artifacts: volumesBatchArtifacts() });
    } catch (e) {
      const all = ((e as { problems?: unknown[] }).problems ?? [e]) as Array<{ code: string; message: string; location?: { line?: number } }>;
      for (const p of all) expect(p.location?.line).toEqual(expect.any(Number));
      return all.map((p) => ({ code: p.code, message: p.message }));
    }
    throw new Error('expected the stack to be refused');
  };

  it('a function with volumeMounts outside the VPC, more than one mount, or a mountPath outside /mnt', () => {
    expect(problems(patched((c) => delete c.resources.files.properties!.joinDefaultVpc))).toEqual([
      { code: 'NXS_VOLUME_MOUNT_INVALID', message: expect.stringContaining('joinDefaultVpc: true') },
    ]);
    expect(problems(patched((c) => c.resources.files.properties!.volumeMounts.push(c.resources.scratchFn.properties!.volumeMounts[0])))).toEqual([
      { code: 'NXS_VOLUME_MOUNT_INVALID', message: expect.stringContaining('one file system per function') },
    ]);
    expect(problems(patched((c) => (c.resources.files.properties!.volumeMounts[0].properties.mountPath = '/data')))).toEqual([
      { code: expect.any(String), message: expect.stringContaining('/mnt/<name>') },
    ]);
  });

  it('a mount of something that is not an efs-filesystem of the stack', () => {
    expect(problems(patched((c) => (c.resources.web.properties!.volumeMounts[0].properties.efsFilesystemName = 'inputs')))).toEqual([
      { code: 'NXS_VOLUME_MOUNT_INVALID', message: "Resource 'web' integrates with 'inputs', which is a bucket, not efs-filesystem." },
    ]);
  });

  it('batch jobs: event types not supported yet, fractional vCPUs on EC2, S3 event types EventBridge does not carry', () => {
    expect(problems(patched((c) => c.resources.train.properties!.events.push({ type: 'iot', properties: { sql: "SELECT * FROM 'x'" } })))).toEqual([
      { code: 'NXS_NOT_SUPPORTED_YET', message: "event type 'iot' is not supported yet" },
    ]);
    expect(problems(patched((c) => (c.resources.train.properties!.resources.cpu = 0.5)))).toEqual([
      { code: 'NXS_INVALID_VALUE', message: expect.stringContaining('not a whole number of vCPUs') },
    ]);
    expect(problems(patched((c) => (c.resources.classify.properties!.events[0].properties.s3EventType = 's3:Replication:*')))).toEqual([
      { code: 'NXS_EVENT_TYPE_UNSUPPORTED', message: expect.stringContaining('has no EventBridge event') },
    ]);
    expect(problems(patched((c) => (c.resources.train.properties!.events[0].properties.scheduleRate = 'every day')))).toEqual([
      { code: 'NXS_SCHEDULE_EXPRESSION_INVALID', message: expect.stringContaining("batch-job 'train'") },
    ]);
  });

  it('efs-filesystem: provisioned throughput needs its MiB/s, and only provisioned takes it', () => {
    expect(problems(patched((c) => delete c.resources.shared.properties!.provisionedThroughputInMibps))).toEqual([
      { code: 'NXS_MISSING_PROPERTY', message: expect.stringContaining('provisionedThroughputInMibps') },
    ]);
    expect(problems(patched((c) => (c.resources.shared.properties!.throughputMode = 'elastic')))).toEqual([
      { code: 'NXS_INVALID_VALUE', message: expect.stringContaining('only to throughputMode provisioned') },
    ]);
  });
});
