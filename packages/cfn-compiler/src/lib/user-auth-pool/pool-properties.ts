import type { UserAuthPoolProperties } from '@nxstack/core';

/**
 * The AWS::Cognito::UserPool properties that follow from stack.yml alone (no other resource):
 * sign-in names, verification and invitation messages, email sending, password policy, MFA and
 * custom attributes, with Stacktape's defaults.
 */
type P = UserAuthPoolProperties;

const MFA_NAMES = { SMS: 'SMS_MFA', SOFTWARE_TOKEN: 'SOFTWARE_TOKEN_MFA', EMAIL_OTP: 'EMAIL_OTP' } as const;

/** Stacktape's `{ status, enabledTypes }`; ON / OPTIONAL without types asks for SMS codes (what Cognito does for Stacktape's pools, which always have an SMS role). */
export function mfaOf(p: P): { status: 'OFF' | 'ON' | 'OPTIONAL'; types: Array<keyof typeof MFA_NAMES> } {
  const m: Exclude<P['mfaConfiguration'], string> = typeof p.mfaConfiguration === 'string' ? { status: p.mfaConfiguration } : p.mfaConfiguration;
  const status = m?.status ?? 'OFF';
  return { status, types: status === 'OFF' ? [] : (m?.enabledTypes ?? ['SMS']) };
}

/** Cognito sends text messages (through an SNS role of the pool's own) for SMS verification, SMS MFA and SMS invitations. */
export function sendsSms(p: P): boolean {
  return p.userVerificationType === 'sms' || mfaOf(p).types.includes('SMS') || p.inviteMessageConfig?.smsMessage !== undefined || p.userVerificationMessageConfig?.smsMessage !== undefined;
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function userPoolProperties(p: P, resolve: (value: unknown, key: string) => unknown): Record<string, unknown> {
  const verification = p.userVerificationType ?? 'email-code';
  const invite = p.inviteMessageConfig;
  const temporaryDays = p.passwordPolicy?.temporaryPasswordValidityDays;
  const pool: Record<string, unknown> = {
    AdminCreateUserConfig: defined({
      AllowAdminCreateUserOnly: p.allowOnlyAdminsToCreateAccount ?? false,
      // Cognito reads PasswordPolicy.TemporaryPasswordValidityDays instead once it is set.
      UnusedAccountValidityDays: temporaryDays === undefined ? (p.unusedAccountValidityDays ?? 31) : undefined,
      InviteMessageTemplate: invite && Object.keys(invite).length ? defined({ EmailMessage: invite.emailMessage, EmailSubject: invite.emailSubject, SMSMessage: invite.smsMessage }) : undefined,
    }),
    // Stacktape's accounts recover through a verified email first, then a verified phone number.
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }] },
  };
  // Stacktape's default: users sign in with their phone number or email address.
  const usernameAttributes = [...(p.allowPhoneNumberAsUserName === false ? [] : ['phone_number']), ...(p.allowEmailAsUserName === false ? [] : ['email'])];
  if (usernameAttributes.length) pool.UsernameAttributes = usernameAttributes;
  if (verification !== 'none') pool.AutoVerifiedAttributes = [verification === 'sms' ? 'phone_number' : 'email'];
  const m = p.userVerificationMessageConfig ?? {};
  const template = defined({
    DefaultEmailOption: verification === 'email-link' ? 'CONFIRM_WITH_LINK' : verification === 'email-code' ? 'CONFIRM_WITH_CODE' : undefined,
    EmailMessage: m.emailMessageUsingCode,
    EmailSubject: m.emailSubjectUsingCode,
    EmailMessageByLink: m.emailMessageUsingLink,
    EmailSubjectByLink: m.emailSubjectUsingLink,
    SmsMessage: m.smsMessage,
  });
  if (Object.keys(template).length) pool.VerificationMessageTemplate = template;
  const email = p.emailConfiguration;
  if (email) {
    pool.EmailConfiguration = defined({
      EmailSendingAccount: email.sesAddressArn !== undefined ? 'DEVELOPER' : 'COGNITO_DEFAULT',
      SourceArn: email.sesAddressArn === undefined ? undefined : resolve(email.sesAddressArn, 'emailConfiguration'),
      From: email.from,
      ReplyToEmailAddress: email.replyToEmailAddress,
    });
  }
  if (p.passwordPolicy) {
    const pp = p.passwordPolicy;
    pool.Policies = {
      PasswordPolicy: defined({
        MinimumLength: pp.minimumLength,
        RequireLowercase: pp.requireLowercase,
        RequireUppercase: pp.requireUppercase,
        RequireNumbers: pp.requireNumbers,
        RequireSymbols: pp.requireSymbols,
        TemporaryPasswordValidityDays: pp.temporaryPasswordValidityDays,
      }),
    };
  }
  const mfa = mfaOf(p);
  pool.MfaConfiguration = mfa.status;
  if (mfa.types.length) pool.EnabledMfas = mfa.types.map((t) => MFA_NAMES[t]);
  if (p.schema?.length) pool.Schema = p.schema.map(schemaAttribute);
  return pool;
}

/** Cognito's SchemaAttribute takes the constraints as strings. */
function schemaAttribute(a: NonNullable<P['schema']>[number]): Record<string, unknown> {
  const type = a.attributeDataType ?? 'String';
  const text = (n: number | undefined) => (n === undefined ? undefined : String(n));
  const numbers = defined({ MinValue: text(a.numberMinValue), MaxValue: text(a.numberMaxValue) });
  const strings = defined({ MinLength: text(a.stringMinLength), MaxLength: text(a.stringMaxLength) });
  return defined({
    Name: a.name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: a.developerOnlyAttribute,
    Mutable: a.mutable,
    Required: a.required,
    NumberAttributeConstraints: Object.keys(numbers).length ? numbers : undefined,
    StringAttributeConstraints: Object.keys(strings).length ? strings : undefined,
  });
}
