/**
 * After the stack update: each hosting-bucket's (and each bucket directoryUpload's) packaged files go to its bucket. Only objects whose
 * content (MD5 = ETag) or headers changed are uploaded, objects no longer in the folder are
 * deleted, and the distribution is invalidated only when something changed. HTML files get the
 * `injectEnvironment` values (resolved by the stack: its Outputs) before their digest is taken.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import {
  CDN_INVALIDATION_OUTPUT_SUFFIX,
  DIRECTORY_UPLOAD_OUTPUT_SUFFIX,
  HOSTING_DISTRIBUTION_OUTPUT_SUFFIX,
  injectEnvironmentIntoHtml,
  logicalId,
  NxstackError,
  readHostingManifest,
  resourceOutputDir,
  type HostingBucketProperties,
  type HostingFile,
  type LoadedStack,
  uploadFolderOf,
} from '@nxstack/core';
import { invalidateDistribution } from '../cdn-invalidation';
import type { StageTarget } from '../stage-target';
import { hostingRecordStore } from './hosting-record';
import { injectedEnvironment } from './hosting-injected-env';
import { hostingS3Client } from './hosting-s3-client';

export interface HostingSyncOptions {
  readonly workspaceRoot: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly stackName: string;
  readonly target: StageTarget;
  /** The stack's Outputs after the deploy (bucket names, distribution ids, injected values). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly log: (line: string) => void;
}

export interface HostingSyncResult {
  readonly resource: string;
  readonly bucket: string;
  readonly uploaded: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: number;
}

/** The resources of a stack.yml whose folder deploy uploads (hosting buckets, buckets with directoryUpload), with their injectEnvironment. */
export function hostingBuckets(stack: LoadedStack): Array<[string, Pick<HostingBucketProperties, 'injectEnvironment'>]> {
  return Object.entries(stack.config.resources)
    .filter(([, r]) => uploadFolderOf(r))
    .map(([name, r]) => [name, r.type === 'hosting-bucket' ? (r.properties as HostingBucketProperties) : {}]);
}

export async function syncHostingBuckets(o: HostingSyncOptions): Promise<HostingSyncResult[]> {
  const buckets = hostingBuckets(o.stack);
  if (!buckets.length) return [];
  const s3 = await hostingS3Client(o);
  const results: HostingSyncResult[] = [];
  for (const [name, props] of buckets) results.push(await syncOne(o, s3, name, props));
  return results;
}

const CONCURRENCY = 8;
const digestOfHeaders = (headers: Readonly<Record<string, string>>) => createHash('sha256').update(JSON.stringify(Object.entries(headers).sort())).digest('hex');
async function syncOne(o: HostingSyncOptions, s3: S3Client, name: string, props: Pick<HostingBucketProperties, 'injectEnvironment'>): Promise<HostingSyncResult> {
  const bucket = o.outputs[logicalId(name, 'Name')];
  const fail = (what: string, cause?: unknown) =>
    new NxstackError('NXS_HOSTING_UPLOAD_FAILED', `Hosting bucket '${name}': ${what}${cause ? `: ${(cause as Error).name ?? ''} ${(cause as Error).message ?? cause}` : ''}.`, {
      location: o.stack.locate(['resources', name]),
      hint: 'The stack is deployed but the site is not up to date: fix the cause and deploy again (only what differs is uploaded).',
      cause,
    });
  if (!bucket) throw fail(`the stack has no output ${logicalId(name, 'Name')} (its bucket name)`);
  const outputDir = path.join(o.workspaceRoot, resourceOutputDir(o.projectRoot || '.', name));
  const manifest = await readHostingManifest(outputDir);
  const env = injectedEnvironment(o.stack, name, props, o.outputs, { code: 'NXS_HOSTING_UPLOAD_FAILED', hint: 'Deploy again: the stack update that writes it did not complete.' });
  const records = hostingRecordStore(o, name);
  const [listed, previous] = await Promise.all([listEtags(s3, bucket).catch((e) => { throw fail(`listing bucket ${bucket} failed`, e); }), records.read()]);

  const pending: Array<{ file: HostingFile; body: Buffer; md5: string }> = [];
  const headerDigests: Record<string, string> = {};
  for (const file of manifest.files) {
    let body = await fs.readFile(path.join(outputDir, manifest.filesDir, file.key));
    if (env && file.key.endsWith('.html')) body = Buffer.from(injectEnvironmentIntoHtml(body.toString('utf8'), env));
    const md5 = env ? createHash('md5').update(body).digest('hex') : file.md5;
    headerDigests[file.key] = digestOfHeaders(file.headers);
    if (listed.get(file.key) !== md5 || previous?.[file.key] !== headerDigests[file.key]) pending.push({ file, body, md5 });
  }
  const uploaded: string[] = [];
  for (let i = 0; i < pending.length; i += CONCURRENCY) {
    await Promise.all(pending.slice(i, i + CONCURRENCY).map(async ({ file, body, md5 }) => {
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: body, ContentMD5: Buffer.from(md5, 'hex').toString('base64'), ...objectHeaders(file.headers) }));
      } catch (e) {
        throw fail(`uploading ${file.key} to ${bucket} failed`, e);
      }
      uploaded.push(file.key);
    }));
  }
  const keep = new Set(manifest.files.map((f) => f.key));
  const deleted = [...listed.keys()].filter((k) => !keep.has(k)).sort();
  for (let i = 0; i < deleted.length; i += 1000) {
    const got = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: deleted.slice(i, i + 1000).map((Key) => ({ Key })) } })).catch((e) => { throw fail(`deleting removed files from ${bucket} failed`, e); });
    if (got.Errors?.length) throw fail(`deleting ${got.Errors.map((e) => e.Key).join(', ')} from ${bucket} failed (${got.Errors[0].Code})`);
  }
  await records.write(headerDigests);
  uploaded.sort();
  for (const key of uploaded.slice(0, 20)) o.log(`${name}: uploaded ${key}`);
  if (uploaded.length > 20) o.log(`${name}: … and ${uploaded.length - 20} more`);
  for (const key of deleted.slice(0, 20)) o.log(`${name}: deleted ${key}`);
  o.log(`${name}: ${uploaded.length} uploaded, ${deleted.length} deleted, ${manifest.files.length - uploaded.length} unchanged (bucket ${bucket})`);
  // A hosting bucket's distribution; a bucket's own cdn (unless it opted out of invalidation).
  const distribution = o.outputs[logicalId(name, HOSTING_DISTRIBUTION_OUTPUT_SUFFIX)] ?? o.outputs[logicalId(name, CDN_INVALIDATION_OUTPUT_SUFFIX)];
  if ((uploaded.length || deleted.length) && o.target.kind === 'aws' && o.target.clients && distribution) {
    await invalidateDistribution(o.target.clients.cloudfront, distribution, `${o.stackName}-${manifest.digest.slice(0, 16)}-${Date.now()}`, o.log);
  }
  return { resource: name, bucket, uploaded, deleted, unchanged: manifest.files.length - uploaded.length };
}

/** Every object of the bucket → its MD5 (the ETag of a single-part upload, which is how this module writes). */
async function listEtags(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) found.set(o.Key, (o.ETag ?? '').replace(/"/g, ''));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** The manifest's headers (core's HOSTING_OBJECT_HEADERS) as PutObject fields. */
function objectHeaders(h: Readonly<Record<string, string>>): Partial<PutObjectCommandInput> {
  const out: Partial<PutObjectCommandInput> = {};
  if (h['Content-Type']) out.ContentType = h['Content-Type'];
  if (h['Cache-Control']) out.CacheControl = h['Cache-Control'];
  if (h['Content-Disposition']) out.ContentDisposition = h['Content-Disposition'];
  if (h['Content-Encoding']) out.ContentEncoding = h['Content-Encoding'];
  if (h['Content-Language']) out.ContentLanguage = h['Content-Language'];
  if (h['Expires']) out.Expires = new Date(h['Expires']);
  return out;
}

/**
 * Empties the deployed stack's hosting buckets (and buckets mirroring a directoryUpload folder)
 * before it is deleted (CloudFormation cannot delete a bucket holding objects). Found from the
 * deployed Outputs (`<Id>HostingDistributionId` beside `<Id>Name`; `<Id>DirectoryUploadBucket`),
 * so today's stack.yml is not needed. A versioned bucket keeps its old versions: its deletion
 * fails loudly (CloudFormation's BucketNotEmpty), never silently.
 */
export async function emptyHostingBuckets(o: { workspaceRoot: string; stackName: string; target: StageTarget; outputs: Readonly<Record<string, string>>; log: (line: string) => void }): Promise<void> {
  const buckets = [
    ...Object.keys(o.outputs)
      .filter((k) => k.endsWith(HOSTING_DISTRIBUTION_OUTPUT_SUFFIX))
      .map((k) => o.outputs[`${k.slice(0, -HOSTING_DISTRIBUTION_OUTPUT_SUFFIX.length)}Name`]),
    ...Object.keys(o.outputs).filter((k) => k.endsWith(DIRECTORY_UPLOAD_OUTPUT_SUFFIX)).map((k) => o.outputs[k]),
  ].filter((b): b is string => Boolean(b));
  if (!buckets.length) return;
  const s3 = await hostingS3Client(o);
  for (const bucket of buckets) {
    const keys = [...(await listEtags(s3, bucket).catch((e) => { if ((e as { name?: string }).name === 'NoSuchBucket') return new Map<string, string>(); throw e; })).keys()];
    for (let i = 0; i < keys.length; i += 1000) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) } }));
    if (keys.length) o.log(`emptied hosting bucket ${bucket} (${keys.length} object(s))`);
  }
}
