import type { CustomArtifactExecutorOptions } from '../../lib/executor-options';

export type CustomArtifactExecutorSchema = CustomArtifactExecutorOptions;
