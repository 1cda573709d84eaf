/**
 * Checks of a user-auth-pool that Cognito would otherwise fail at deploy (or that would leave a
 * setting without effect): the value checks run with the schema, the hook targets need the stack.
 */
import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { isDirective } from './directives';
import type { StackConfig } from './stack-schema';
import type { ValueProblem } from './value-check';
import type { ConfigPath, YamlSource } from './yaml-source';

/** A Lambda function ARN (optionally with a version or alias): what LambdaConfig takes besides a function of this stack. */
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

type Loose = Record<string, any>;
const invalid = (message: string, hint: string, path: (string | number)[]): ValueProblem => ({ code: 'NXS_INVALID_VALUE', message, hint, path });

/** Placeholders Cognito requires in a message text (CreateUserPool refuses the text without them). */
function placeholderProblems(text: unknown, needs: readonly string[], path: (string | number)[]): ValueProblem[] {
  if (typeof text !== 'string') return [];
  return needs
    .filter((n) => (n === '{##' ? !/\{##[^]*##\}/.test(text) : !text.includes(n)))
    .map((n) => invalid(`the message must contain ${n === '{##' ? '{##<link text>##}' : n} (Cognito puts the ${n === '{username}' ? 'user name' : n === '{##' ? 'verification link' : 'code'} there)`, `Add ${n === '{##' ? '{##Verify Email##}' : n} to the text.`, path));
}

function verificationProblems(p: Loose): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const verification = p.userVerificationType ?? 'email-code';
  if (p.requireEmailVerification === true && verification !== 'email-code' && verification !== 'email-link') {
    problems.push(invalid(`requireEmailVerification is true but userVerificationType is '${verification}': no email would be verified`, "Set userVerificationType: email-code (or email-link), or remove requireEmailVerification.", ['requireEmailVerification']));
  }
  if (p.requirePhoneNumberVerification === true && verification !== 'sms') {
    problems.push(invalid(`requirePhoneNumberVerification is true but userVerificationType is '${verification}': no phone number would be verified`, 'Set userVerificationType: sms, or remove requirePhoneNumberVerification.', ['requirePhoneNumberVerification']));
  }
  const m = (p.userVerificationMessageConfig ?? {}) as Loose;
  problems.push(
    ...placeholderProblems(m.emailMessageUsingCode, ['{####}'], ['userVerificationMessageConfig', 'emailMessageUsingCode']),
    ...placeholderProblems(m.emailMessageUsingLink, ['{##'], ['userVerificationMessageConfig', 'emailMessageUsingLink']),
    ...placeholderProblems(m.smsMessage, ['{####}'], ['userVerificationMessageConfig', 'smsMessage']),
  );
  const invite = (p.inviteMessageConfig ?? {}) as Loose;
  problems.push(...placeholderProblems(invite.emailMessage, ['{username}', '{####}'], ['inviteMessageConfig', 'emailMessage']), ...placeholderProblems(invite.smsMessage, ['{username}', '{####}'], ['inviteMessageConfig', 'smsMessage']));
  const temporary = p.passwordPolicy?.temporaryPasswordValidityDays;
  if (p.unusedAccountValidityDays !== undefined && temporary !== undefined && temporary !== p.unusedAccountValidityDays) {
    problems.push(invalid(`unusedAccountValidityDays (${p.unusedAccountValidityDays}) and passwordPolicy.temporaryPasswordValidityDays (${temporary}) disagree: Cognito keeps one setting for both`, 'Keep one of the two.', ['unusedAccountValidityDays']));
  }
  return problems;
}

function emailAndMfaProblems(p: Loose): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const ses = p.emailConfiguration?.sesAddressArn !== undefined;
  if (p.emailConfiguration?.from !== undefined && !ses) {
    problems.push(invalid('emailConfiguration.from needs emailConfiguration.sesAddressArn: Cognito sends from its own address otherwise', 'Set sesAddressArn to the SES identity that may send from this address, or remove from.', ['emailConfiguration', 'from']));
  }
  const mfa = typeof p.mfaConfiguration === 'string' ? { status: p.mfaConfiguration } : ((p.mfaConfiguration ?? {}) as Loose);
  const types = (mfa.enabledTypes ?? []) as string[];
  if (types.length && (mfa.status ?? 'OFF') === 'OFF') {
    problems.push(invalid('mfaConfiguration.enabledTypes is set but mfaConfiguration.status is OFF: no factor would be asked for', 'Set status: ON or OPTIONAL, or remove enabledTypes.', ['mfaConfiguration', 'enabledTypes']));
  }
  if (types.includes('EMAIL_OTP') && !ses) {
    problems.push(invalid('the EMAIL_OTP factor needs emailConfiguration.sesAddressArn: Cognito sends one-time codes by email only through your SES identity', 'Set emailConfiguration.sesAddressArn, or drop EMAIL_OTP.', ['mfaConfiguration', 'enabledTypes']));
  }
  return problems;
}

/** Cognito's standard attributes; any other `schema[].name` is a custom attribute (`custom:<name>`). */
const STANDARD_ATTRIBUTES = new Set(['address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname', 'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'sub', 'updated_at', 'website', 'zoneinfo']);

function schemaProblems(p: Loose): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const seen = new Set<string>();
  ((p.schema ?? []) as Loose[]).forEach((a, i) => {
    if (!a || typeof a !== 'object') return;
    const type = a.attributeDataType ?? 'String';
    if (seen.has(a.name)) problems.push(invalid(`attribute '${a.name}' is defined twice`, 'Keep one entry per attribute name.', ['schema', i, 'name']));
    seen.add(a.name);
    if (a.required === true && !STANDARD_ATTRIBUTES.has(a.name)) problems.push(invalid(`custom attribute '${a.name}' cannot be required: Cognito refuses required custom attributes`, 'Remove required (check the value in a preSignUp hook instead), or use a standard attribute.', ['schema', i, 'required']));
    for (const [key, forType] of [['stringMinLength', 'String'], ['stringMaxLength', 'String'], ['numberMinValue', 'Number'], ['numberMaxValue', 'Number']] as const) {
      if (a[key] !== undefined && type !== forType) problems.push(invalid(`${key} applies to ${forType} attributes; '${a.name}' is ${type}`, `Set attributeDataType: ${forType}, or remove ${key}.`, ['schema', i, key]));
    }
    if (a.stringMinLength !== undefined && a.stringMaxLength !== undefined && a.stringMinLength > a.stringMaxLength) problems.push(invalid('stringMinLength is greater than stringMaxLength', 'Swap the two values.', ['schema', i, 'stringMinLength']));
    if (a.numberMinValue !== undefined && a.numberMaxValue !== undefined && a.numberMinValue > a.numberMaxValue) problems.push(invalid('numberMinValue is greater than numberMaxValue', 'Swap the two values.', ['schema', i, 'numberMinValue']));
  });
  return problems;
}

/** ProviderDetails keys each provider type cannot work without (besides client id and secret). */
const REQUIRED_PROVIDER_DETAILS: Readonly<Record<string, readonly string[][]>> = {
  OIDC: [['oidc_issuer']],
  SAML: [['MetadataURL', 'MetadataFile']],
  SignInWithApple: [['team_id'], ['key_id']],
};

function identityProviderProblems(p: Loose): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const providers = (Array.isArray(p.identityProviders) ? p.identityProviders : []) as Loose[];
  const types = new Set<string>();
  providers.forEach((ip, i) => {
    if (!ip || typeof ip !== 'object') return;
    if (types.has(ip.type)) problems.push(invalid(`a second ${ip.type} identity provider: the provider's name is its type, so a pool has one of each`, 'Keep one entry per type.', ['identityProviders', i, 'type']));
    types.add(ip.type);
    if (ip.type === 'SAML') {
      for (const key of ['clientId', 'clientSecret']) if (ip[key] !== undefined) problems.push(invalid(`a SAML provider has no ${key}: Cognito trusts it through its metadata`, `Remove ${key}; set providerDetails.MetadataURL (or MetadataFile).`, ['identityProviders', i, key]));
    } else {
      for (const key of ['clientId', 'clientSecret']) {
        if (ip[key] === undefined) problems.push(invalid(`the ${ip.type} identity provider needs ${key}`, key === 'clientSecret' ? "Write it as $Secret('<secret name>') so it stays out of the template." : `Set ${key} to the app's id at ${ip.type}.`, ['identityProviders', i]));
      }
    }
    const details = (ip.providerDetails ?? {}) as Loose;
    for (const oneOf of REQUIRED_PROVIDER_DETAILS[ip.type] ?? []) {
      if (!oneOf.some((k) => details[k] !== undefined)) problems.push(invalid(`the ${ip.type} identity provider needs providerDetails.${oneOf.join(' or providerDetails.')}`, `Add it under providerDetails (Cognito's ProviderDetails keys for ${ip.type}).`, ['identityProviders', i]));
    }
  });
  if (p.allowOnlyExternalIdentityProviders === true && providers.length === 0) {
    problems.push(invalid('allowOnlyExternalIdentityProviders is true but there are no identityProviders: nobody could sign in', 'Add identityProviders, or remove allowOnlyExternalIdentityProviders.', ['allowOnlyExternalIdentityProviders']));
  }
  return problems;
}

export function userAuthPoolProblems(p: unknown): ValueProblem[] {
  if (!p || typeof p !== 'object') return [];
  const props = p as Loose;
  return [...verificationProblems(props), ...emailAndMfaProblems(props), ...schemaProblems(props), ...identityProviderProblems(props)];
}

/** Each hook names a function of this stack (by name or `$ResourceParam('<function>', 'arn')`) or a Lambda function ARN. */
export function checkUserPoolHooks(config: StackConfig, source: YamlSource): NxstackError[] {
  const problems: NxstackError[] = [];
  const functions = Object.entries(config.resources).filter(([, r]) => r.type === 'function').map(([n]) => n);
  for (const [name, resource] of Object.entries(config.resources)) {
    if (resource.type !== 'user-auth-pool') continue;
    const hooks = ((resource.properties as Loose | undefined)?.hooks ?? {}) as Record<string, unknown>;
    for (const [hook, target] of Object.entries(hooks)) {
      const path: ConfigPath = ['resources', name, 'properties', 'hooks', hook];
      if (isDirective(target)) {
        if (target.$directive === 'ResourceParam' && (!functions.includes(target.resource) || target.param !== 'arn') && config.resources[target.resource]) {
          problems.push(new NxstackError('NXS_INVALID_VALUE', `hook ${hook} must be a function's ARN, not $ResourceParam('${target.resource}', '${target.param}')`, { location: source.locate(path), hint: `Write $ResourceParam('<function>', 'arn') or just the function's name. Functions in this stack: ${functions.join(', ') || '(none)'}.` }));
        }
        continue;
      }
      if (typeof target !== 'string' || functions.includes(target) || LAMBDA_FUNCTION_ARN.test(target)) continue;
      const other = config.resources[target]?.type;
      problems.push(
        new NxstackError(other ? 'NXS_INVALID_VALUE' : 'NXS_UNKNOWN_RESOURCE_REFERENCE', other ? `hook ${hook} names '${target}', a ${other}; Cognito triggers are functions` : `hook ${hook} names '${target}', which is neither a function of this stack nor a Lambda function ARN`, {
          location: source.locate(path),
          hint: `${other ? '' : didYouMeanText(target, functions)}Name a function resource (${functions.join(', ') || 'none in this stack'}), write $ResourceParam('<function>', 'arn'), or a Lambda ARN (arn:aws:lambda:<region>:<account>:function:<name>).`,
        }),
      );
    }
  }
  return problems;
}
