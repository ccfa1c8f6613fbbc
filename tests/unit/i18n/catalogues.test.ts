import { describe, expect, it } from 'vitest';
import { catalogue, translate } from '../../../src-shared/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const fa = catalogue('fa');
  const en = catalogue('en');

  it('translate every Persian key into English, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fa).sort());
    for (const key of Object.keys(fa)) {
      expect(en[key]?.trim(), key).toBeTruthy();
      expect(placeholders(en[key]!), key).toEqual(placeholders(fa[key]!));
    }
  });

  it('write Persian with Persian letters (no Arabic ي or ك)', () => {
    for (const [key, text] of Object.entries(fa)) expect(/[يك]/.test(text), key).toBe(false);
  });

  it('fill placeholders and leave unknown keys as they are', () => {
    expect(translate('en', 'error.accountLocked', { minutes: 4 })).toContain('4 minutes');
    expect(translate('fa', 'no.such.key')).toBe('no.such.key');
  });
});
