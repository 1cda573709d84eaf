/** Checks of a hosting-bucket that need more than its schema: its folder stays inside the workspace, fileOptions set headers S3 can store. */
import { NxstackError } from '../errors';
import { HOSTING_OBJECT_HEADERS, objectHeaderName } from '../hosting/hosting-headers';
import { checkStackPath } from './path-checks';
import type { HostingBucketProperties } from './resource-types/hosting-bucket';
import type { ConfigPath, YamlSource } from './yaml-source';

export function checkHostingBucket(p: HostingBucketProperties, base: ConfigPath, source: YamlSource, paths: { base: string; workspaceRoot: string; checkPaths: boolean }): NxstackError[] {
  // The folder is usually built by a hooks.beforeDeploy script: it need not exist yet.
  const problems = paths.checkPaths ? checkStackPath(p.uploadDirectoryPath, [...base, 'uploadDirectoryPath'], source, { base: paths.base, workspaceRoot: paths.workspaceRoot, mustExist: false }) : [];
  (p.fileOptions ?? []).forEach((o, i) =>
    (o.headers ?? []).forEach((h, j) => {
      if (objectHeaderName(h.key)) return;
      problems.push(
        new NxstackError('NXS_NOT_SUPPORTED_YET', `hosting-bucket fileOptions header '${h.key}' is not supported yet`, {
          location: source.locate([...base, 'fileOptions', i, 'headers', j, 'key']),
          hint: `nxstack stores headers on the S3 objects; S3 keeps only ${HOSTING_OBJECT_HEADERS.join(', ')} (other headers need an edge function, which nxstack does not deploy yet).`,
        }),
      );
    }),
  );
  return problems;
}
