// user-auth-pool as Stacktape has it: hooks, custom attributes, identity providers, MFA,
// messages, email sending; the template cfn-lint accepts, and the errors for what Cognito refuses.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError, loadStack, parseStack, type NxstackError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';
import type { CfnTemplate } from './types';

const dir = join(__dirname, '__fixtures__', 'auth-stack');

async function compileAuthStack(stage = 'dev'): Promise<{ template: CfnTemplate; warnings: string[] }> {
  const stack = await loadStack('stack.yml', { workspaceRoot: dir });
  return compileStack({ stack, projectName: 'club', stage, artifacts: { onSignUp: artifact('club', manifest('onSignUp')) } });
}

const props = (t: CfnTemplate, id: string) => t.Resources[id].Properties as Record<string, any>;

/** The loader's problems for one pool's properties (YAML text), as `CODE path-tail: message`. */
function problems(yaml: string): string[] {
  const text = `resources:\n  fn:\n    type: function\n    properties:\n      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }\n  q:\n    type: sqs-queue\n  pool:\n    type: user-auth-pool\n    properties:\n${yaml.replace(/^/gm, '      ')}\n`;
  try {
    parseStack(text, 'stack.yml', { workspaceRoot: process.cwd(), checkPaths: false });
  } catch (e) {
    const list = ((e as { problems?: NxstackError[] }).problems ?? [e]) as NxstackError[];
    expect(list.every((p) => isNxstackError(p) && p.location?.line !== undefined && p.hint)).toBe(true);
    return list.map((p) => `${p.code}: ${p.message}`);
  }
  return [];
}

/** The same problems in any order (the loader orders them by where they are in the file). */
function expectProblems(yaml: string, expected: string[]): void {
  const got = problems(yaml);
  expect(got, got.join('\n')).toHaveLength(expected.length);
  expect(got).toEqual(expect.arrayContaining(expected.map((e) => expect.stringContaining(e))));
}

describe('user-auth-pool', () => {
  it('compiles hooks, attributes, providers, MFA and messages into a template cfn-lint accepts', async () => {
    const { template } = await compileAuthStack();
    expect(await cfnLint(template)).toBe('');
  }, 60_000);

  it('hooks: LambdaConfig from a function name, a $ResourceParam and an ARN, each with a permission for cognito-idp scoped to the pool', async () => {
    const { template: t } = await compileAuthStack();
    const fnArn = { 'Fn::GetAtt': ['OnSignUpFunction', 'Arn'] };
    const external = 'arn:aws:lambda:eu-west-1:123456789012:function:challenge';
    expect(props(t, 'MembersUserPool').LambdaConfig).toEqual({ PreSignUp: fnArn, PostConfirmation: fnArn, DefineAuthChallenge: external });
    for (const [id, fn] of [['MembersPreSignUpHookPermission', fnArn], ['MembersPostConfirmationHookPermission', fnArn], ['MembersDefineAuthChallengeHookPermission', external]] as const) {
      expect(t.Resources[id]).toMatchObject({ Type: 'AWS::Lambda::Permission', Properties: { FunctionName: fn, Action: 'lambda:InvokeFunction', Principal: 'cognito-idp.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['MembersUserPool', 'Arn'] } } });
    }
    // A custom-auth hook lets the client use the custom authentication flow.
    expect(props(t, 'MembersUserPoolClient').ExplicitAuthFlows).toContain('ALLOW_CUSTOM_AUTH');
    expect(props(t, 'PlainUserPoolClient').ExplicitAuthFlows).not.toContain('ALLOW_CUSTOM_AUTH');
  });

  it('schema: custom attributes with their constraints as Cognito takes them (strings)', async () => {
    const { template: t } = await compileAuthStack();
    expect(props(t, 'MembersUserPool').Schema).toEqual([
      { Name: 'plan', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '32' } },
      { Name: 'seats', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '500' } },
    ]);
  });

  it('identity providers: one per type, secrets as dynamic references, wired into the client after they exist', async () => {
    const { template: t } = await compileAuthStack();
    expect(props(t, 'MembersGoogleIdentityProvider')).toEqual({
      UserPoolId: { Ref: 'MembersUserPool' }, ProviderName: 'Google', ProviderType: 'Google', AttributeMapping: { email: 'email' },
      ProviderDetails: { client_id: 'google-app.apps.googleusercontent.com', client_secret: '{{resolve:secretsmanager:nxstack-test/google-secret}}', authorize_scopes: 'profile email openid' },
    });
    expect(props(t, 'MembersOIDCIdentityProvider')).toMatchObject({
      ProviderType: 'OIDC', AttributeMapping: { email: 'email', name: 'name' },
      ProviderDetails: { client_id: 'oidc-app', client_secret: '{{resolve:secretsmanager:nxstack-test/oidc-secret}}', authorize_scopes: 'openid email', oidc_issuer: 'https://issuer.example.com', attributes_request_method: 'GET' },
    });
    expect(props(t, 'MembersSAMLIdentityProvider').ProviderDetails).toEqual({ MetadataURL: 'https://idp.example.com/metadata.xml' });
    expect(t.Resources.MembersUserPoolClient.DependsOn).toEqual(['MembersGoogleIdentityProvider', 'MembersOIDCIdentityProvider', 'MembersSAMLIdentityProvider']);
    expect(props(t, 'MembersUserPoolClient')).toMatchObject({ SupportedIdentityProviders: ['COGNITO', 'Google', 'OIDC', 'SAML'], AllowedOAuthFlows: ['code', 'implicit'], CallbackURLs: ['https://app.example.com/callback'], GenerateSecret: true });
    // Providers answer on the pool's domain.
    expect(props(t, 'MembersUserPoolDomain')).toEqual({ UserPoolId: { Ref: 'MembersUserPool' }, Domain: 'club-dev-members' });
    expect(JSON.stringify(t)).not.toMatch(/client_secret":"[^{]/);
  });

  it('MFA in Stacktape shape with an SNS role for SMS; email through SES; invitation and verification texts; sign-in names', async () => {
    const { template: t } = await compileAuthStack();
    const pool = props(t, 'MembersUserPool');
    expect(pool).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: { SnsCallerArn: { 'Fn::GetAtt': ['MembersUserPoolSmsRole', 'Arn'] }, ExternalId: 'club-dev-members' },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com', From: 'no-reply@example.com', ReplyToEmailAddress: 'support@example.com' },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 10, InviteMessageTemplate: { EmailSubject: 'Welcome', EmailMessage: 'Hi {username}, your temporary password is {####}.' } },
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailSubjectByLink: 'Confirm your address', EmailMessageByLink: 'Click {##here##} to confirm.' },
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: ['email'],
    });
    expect(t.Resources.MembersUserPoolSmsRole.Properties).toMatchObject({ AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'cognito-idp.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': 'club-dev-members' } } }] } });
    // Stacktape's defaults: phone number and email as user names, accounts usable 31 days, no SMS role without SMS.
    expect(props(t, 'PlainUserPool')).toMatchObject({ UsernameAttributes: ['phone_number', 'email'], MfaConfiguration: 'OFF', AdminCreateUserConfig: { UnusedAccountValidityDays: 31 } });
    expect(props(t, 'PlainUserPool').SmsConfiguration).toBeUndefined();
    expect(t.Resources.PlainUserPoolSmsRole).toBeUndefined();
    expect(t.Resources.PlainUserPoolDomain).toBeUndefined();
  });

  it('params: domain and clientSecret as Stacktape documents them; the secret is never a stack output', async () => {
    const { template: t } = await compileAuthStack();
    const { userAuthPoolType } = await import('./resource-types/user-auth-pool');
    const scope = { projectName: 'club', stage: 'dev' };
    expect(userAuthPoolType.params.domain('members', { identityProviders: [{ type: 'SAML' }] } as never, scope)).toEqual({ 'Fn::Sub': 'club-dev-members.auth.${AWS::Region}.amazoncognito.com' });
    expect(userAuthPoolType.params.domain('plain', {}, scope)).toBeUndefined();
    expect(userAuthPoolType.params.clientSecret('members', { generateClientSecret: true }, scope)).toEqual({ 'Fn::GetAtt': ['MembersUserPoolClient', 'ClientSecret'] });
    expect(JSON.stringify(t.Outputs)).not.toContain('ClientSecret');
  });

  it('on the local stage, a located note says hooks and identity providers are not emulated', async () => {
    const { warnings } = await compileAuthStack('local');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/stack\.yml:\d+:\d+: user-auth-pool 'members': the local stage does not emulate Cognito: its hooks \(preSignUp, postConfirmation, defineAuthChallenge\) are never invoked and its identity providers \(Google, OIDC, SAML\) are never contacted there/)]));
    const aws = await compileAuthStack('dev');
    expect(aws.warnings.join('\n')).not.toContain('does not emulate Cognito');
  });

  it('a plain client secret is allowed, as Stacktape allows it, with a located warning that never shows the value', () => {
    const stack = parseStack('resources:\n  pool:\n    type: user-auth-pool\n    properties:\n      identityProviders:\n        - { type: Facebook, clientId: app, clientSecret: plain-s3cret-value }\n', 'stack.yml', { workspaceRoot: process.cwd(), checkPaths: false });
    const { template, warnings } = compileStack({ stack, projectName: 'club', stage: 'dev', artifacts: {} });
    expect(props(template, 'PoolFacebookIdentityProvider').ProviderDetails).toMatchObject({ client_secret: 'plain-s3cret-value', authorize_scopes: 'public_profile,email' });
    expect(warnings).toEqual([expect.stringMatching(/^stack\.yml:6:\d+: the Facebook client secret of user-auth-pool 'pool' is written in stack\.yml.*\$Secret/)]);
    expect(warnings.join('\n')).not.toContain('plain-s3cret-value');
  });

  it('refuses what Cognito would refuse or ignore, located, in one round', () => {
    expectProblems('hooks: { preSignUp: q, postConfirmation: nope, customMessage: "$ResourceParam(\'q\', \'arn\')" }', [
      "NXS_INVALID_VALUE: hook preSignUp names 'q', a sqs-queue",
      "NXS_UNKNOWN_RESOURCE_REFERENCE: hook postConfirmation names 'nope'",
      "NXS_INVALID_VALUE: hook customMessage must be a function's ARN",
    ]);
    expectProblems('identityProviders: [{ type: SAML, clientId: x, providerDetails: { MetadataURL: "https://x" } }, { type: Google, clientId: a }, { type: Google, clientId: b, clientSecret: c }, { type: OIDC, clientId: a, clientSecret: b }]', [
      'a SAML provider has no clientId',
      'the Google identity provider needs clientSecret',
      'a second Google identity provider',
      'the OIDC identity provider needs providerDetails.oidc_issuer',
    ]);
    expectProblems('schema: [{ name: plan, required: true }, { name: seats, attributeDataType: Number, stringMaxLength: 3 }]', [
      "custom attribute 'plan' cannot be required",
      "stringMaxLength applies to String attributes; 'seats' is Number",
    ]);
    expectProblems('mfaConfiguration: { enabledTypes: [EMAIL_OTP] }\nemailConfiguration: { from: a@b.c }', [
      'emailConfiguration.from needs emailConfiguration.sesAddressArn',
      'enabledTypes is set but mfaConfiguration.status is OFF',
      'the EMAIL_OTP factor needs emailConfiguration.sesAddressArn',
    ]);
    expectProblems('userVerificationType: sms\nrequireEmailVerification: true\nuserVerificationMessageConfig: { smsMessage: "Your code" }\nallowOnlyExternalIdentityProviders: true', [
      "requireEmailVerification is true but userVerificationType is 'sms'",
      'the message must contain {####}',
      'allowOnlyExternalIdentityProviders is true but there are no identityProviders',
    ]);
    // useFirewall and customDomain are compiled (web-app-firewall.test.ts, domains/user-pool-custom-domain.test.ts).
    expect(problems('useFirewall: myWaf\ncustomDomain: { domainName: auth.example.com }')).toEqual([]);
    // Our earlier bare string is still read as the status.
    expect(problems('mfaConfiguration: OPTIONAL')).toEqual([]);
  });
});
