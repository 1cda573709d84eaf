export interface InitGeneratorSchema {
  /** Default stage written into the plugin options. */
  stage?: string;
  /** Default AWS region written into the plugin options. */
  defaultRegion?: string;
}
