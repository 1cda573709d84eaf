/**
 * Narrow interfaces that keep AWS at the edge. The deployer talks to these; AWS (S3, ECR,
 * CloudFormation), local-stage (files under .nxstack/local) and test implementations sit behind.
 */
import type { Readable } from 'node:stream';

export interface ArtifactStore {
  /** A URI-ish description for logs (`s3://bucket`, `file:///…/.nxstack/local/artifacts`). */
  readonly location: string;
  has(key: string): Promise<boolean>;
  /** Uploads when missing; reports bytes sent through onProgress. */
  put(key: string, body: () => Readable, size: number, onProgress?: (sentBytes: number) => void): Promise<void>;
}

export interface BlobDescriptor {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
}

export interface ImageRegistry {
  readonly location: string;
  blobExists(repository: string, digest: string): Promise<boolean>;
  /** Tries a cross-repository mount first where the registry supports it. */
  uploadBlob(repository: string, blob: BlobDescriptor, body: () => Readable, mountFrom?: string): Promise<void>;
  putManifest(repository: string, reference: string, mediaType: string, body: Buffer): Promise<string>;
  getManifest(repository: string, reference: string): Promise<{ mediaType: string; body: Buffer; digest: string } | undefined>;
}

export interface DeployedStackState {
  readonly stackName: string;
  readonly status: string;
  /** Hash of template + parameters recorded at the last successful deploy (stack tag). */
  readonly deployedHash?: string;
  readonly outputs: Readonly<Record<string, string>>;
}

export interface StackEvent {
  readonly timestamp: Date;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
}

export interface ChangeSummary {
  readonly action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
  readonly logicalId: string;
  readonly resourceType: string;
  readonly replacement?: 'True' | 'False' | 'Conditional';
  readonly details: readonly string[];
}

export interface PreparedChange {
  readonly id: string;
  readonly changes: readonly ChangeSummary[];
  /** True when CloudFormation reports nothing to change. */
  readonly empty: boolean;
}

export interface StackDeployer {
  current(stackName: string): Promise<DeployedStackState | undefined>;
  prepareChange(input: {
    stackName: string;
    templateBody: string;
    parameters: Readonly<Record<string, string>>;
    tags: Readonly<Record<string, string>>;
  }): Promise<PreparedChange>;
  execute(stackName: string, change: PreparedChange, onEvent: (e: StackEvent) => void): Promise<DeployedStackState>;
  discard(stackName: string, change: PreparedChange): Promise<void>;
  destroy(stackName: string, onEvent: (e: StackEvent) => void): Promise<void>;
  /** Stacks that import this stack's exports now (destroy refuses while there are any). */
  importingStacks(stackName: string): Promise<string[]>;
}
