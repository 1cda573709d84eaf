/** Checks of a hosting-bucket (and a bucket's directoryUpload) that need more than its schema: its folder stays inside the workspace, fileOptions set headers S3 can store. */
import { NxstackError } from '../errors';
import { HOSTING_OBJECT_HEADERS, objectHeaderName } from '../hosting/hosting-headers';
import { checkStackPath } from './path-checks';
import type { BucketProperties } from './resource-types/bucket';
import type { HostingBucketProperties } from './resource-types/hosting-bucket';
import type { ConfigPath, YamlSource } from './yaml-source';

export function checkHostingBucket(p: HostingBucketProperties, base: ConfigPath, source: YamlSource, paths: { base: string; workspaceRoot: string; checkPaths: boolean }): NxstackError[] {
  const problems = checkUploadFolder({ what: 'hosting-bucket', folder: p.uploadDirectoryPath, at: base, folderKey: 'uploadDirectoryPath', fileOptions: p.fileOptions }, source, paths);
  // build/dev run in workingDirectory, which must exist (as Stacktape checks); the dotenv folder must stay inside the workspace.
  for (const key of ['build', 'dev'] as const) {
    const dir = p[key]?.workingDirectory;
    if (dir !== undefined && paths.checkPaths) problems.push(...checkStackPath(dir, [...base, key, 'workingDirectory'], source, { base: paths.base, workspaceRoot: paths.workspaceRoot, mustExist: true }));
  }
  if (p.writeDotenvFilesTo !== undefined) {
    if (paths.checkPaths) problems.push(...checkStackPath(p.writeDotenvFilesTo, [...base, 'writeDotenvFilesTo'], source, { base: paths.base, workspaceRoot: paths.workspaceRoot, mustExist: false }));
    if (!p.injectEnvironment?.length) {
      problems.push(new NxstackError('NXS_MISSING_PROPERTY', 'writeDotenvFilesTo writes the injectEnvironment values, and this hosting-bucket has none', {
        location: source.locate([...base, 'writeDotenvFilesTo']),
        hint: 'Add injectEnvironment (the values deploy writes to .env.<stage>), or remove writeDotenvFilesTo.',
      }));
    }
  }
  return problems;
}

/** A bucket's `directoryUpload`: the same checks as a hosting bucket's folder and fileOptions. */
export function checkBucketDirectoryUpload(p: BucketProperties, base: ConfigPath, source: YamlSource, paths: { base: string; workspaceRoot: string; checkPaths: boolean }): NxstackError[] {
  const upload = p.directoryUpload;
  if (!upload) return [];
  return checkUploadFolder({ what: 'bucket directoryUpload', folder: upload.directoryPath, at: [...base, 'directoryUpload'], folderKey: 'directoryPath', fileOptions: upload.fileOptions }, source, paths);
}

function checkUploadFolder(u: { what: string; folder: string; at: ConfigPath; folderKey: string; fileOptions?: ReadonlyArray<{ headers?: ReadonlyArray<{ key: string }> }> }, source: YamlSource, paths: { base: string; workspaceRoot: string; checkPaths: boolean }): NxstackError[] {
  // The folder is usually built by a hooks.beforeDeploy script: it need not exist yet.
  const problems = paths.checkPaths ? checkStackPath(u.folder, [...u.at, u.folderKey], source, { base: paths.base, workspaceRoot: paths.workspaceRoot, mustExist: false }) : [];
  (u.fileOptions ?? []).forEach((o, i) =>
    (o.headers ?? []).forEach((h, j) => {
      if (objectHeaderName(h.key)) return;
      problems.push(
        new NxstackError('NXS_NOT_SUPPORTED_YET', `${u.what} fileOptions header '${h.key}' is not supported yet`, {
          location: source.locate([...u.at, 'fileOptions', i, 'headers', j, 'key']),
          hint: `nxstack stores headers on the S3 objects; S3 keeps only ${HOSTING_OBJECT_HEADERS.join(', ')} (other headers need an edge function, which nxstack does not deploy yet).`,
        }),
      );
    }),
  );
  return problems;
}
