import type { HostingFilesExecutorOptions } from '../../lib/hosting/hosting-resource';

export type HostingFilesExecutorSchema = HostingFilesExecutorOptions;
