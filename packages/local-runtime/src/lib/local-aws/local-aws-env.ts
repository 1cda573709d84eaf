/**
 * What a function or script of the local stage needs so its AWS SDK calls reach the local AWS
 * server: the endpoint and fixed dummy credentials (moto checks none; real ones never leave
 * the machine this way). A user who set AWS_ENDPOINT_URL themselves (in the function's
 * environment or the shell) keeps theirs: nothing is added.
 */
export function localAwsEnvironment(endpoint: string, functionEnv: Readonly<Record<string, string>>, hostEnv: NodeJS.ProcessEnv): Record<string, string> {
  if (functionEnv.AWS_ENDPOINT_URL || hostEnv.AWS_ENDPOINT_URL) return {};
  return { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
}
