import { describe, expect, it } from 'vitest';
import { PORTAL_PASSWORD_RULES, portalPasswordSchema, portalPasswordStrength, stepInputSchema } from '../../../src-shared/api/intake';
import { intakeMessages } from '../../../src-shared/i18n/intake-messages';
import { isMessageKey } from '../../../src-shared/i18n';

describe('the applicant portal password pattern', () => {
  it.each([
    ['', 'validation.required'],
    ['kara2020', null],
    ['Kara2020-desk', null],
    ['karadesk', 'intake.password.pattern'],
    ['12345678', 'intake.password.pattern'],
    ['Kara 2020', 'intake.password.pattern'],
    ['Ka20', 'intake.password.pattern'],
  ])('%j → %s', (password, problem) => {
    const r = portalPasswordSchema.safeParse(password);
    expect(r.success ? null : r.error.issues[0]!.message).toBe(problem);
  });

  it('strength rises with length and variety, and is 0 until the pattern is nearly met', () => {
    expect(portalPasswordStrength('')).toBe(0);
    expect(portalPasswordStrength('kara')).toBe(0);
    expect(portalPasswordStrength('karadesk')).toBe(1);
    expect(portalPasswordStrength('kara2020')).toBe(2);
    expect(portalPasswordStrength('kara2020ab')).toBe(3);
    expect(portalPasswordStrength('Kara2020-desk')).toBe(4);
  });

  it('every rule and pattern key has a message in both languages', () => {
    for (const r of PORTAL_PASSWORD_RULES) expect(isMessageKey(r.key)).toBe(true);
    expect(Object.keys(intakeMessages.en).sort()).toEqual(Object.keys(intakeMessages.fa).sort());
    for (const key of ['intake.password.pattern', 'intake.duplicate.reasonRequired', 'intake.mobileCode.format', 'intake.rules.mustAcknowledge']) expect(isMessageKey(key)).toBe(true);
  });

  it('the account step asks for a password only when portal access is wanted', () => {
    expect(stepInputSchema.safeParse({ step: 'account', portalAccess: false }).success).toBe(true);
    const missing = stepInputSchema.safeParse({ step: 'account', portalAccess: true });
    expect(missing.success ? null : missing.error.issues[0]).toMatchObject({ path: ['password'], message: 'validation.required' });
  });
});
