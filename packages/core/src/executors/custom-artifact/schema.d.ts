import type { CustomArtifactExecutorOptions } from '../../lib/custom-artifact/executor-options';

export type CustomArtifactExecutorSchema = CustomArtifactExecutorOptions;
