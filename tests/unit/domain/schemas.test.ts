import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  jalaliDateSchema,
  messageKeys,
  mobileSchema,
  nationalCodeSchema,
  optionalField,
  personNameSchema,
  postalCodeSchema,
  shebaSchema,
  workshopCodeSchema,
} from '../../../src-shared/domain/schemas';
import { domainMessages } from '../../../src-shared/domain/messages';

/** The keys a schema reports for an input; [] when it passes. */
function keysOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const ZWNJ = '\u200C';

describe('every schema', () => {
  const schemas = { nationalCodeSchema, mobileSchema, postalCodeSchema, shebaSchema, workshopCodeSchema, personNameSchema, jalaliDateSchema };

  it.each(Object.entries(schemas))('%s reports exactly validation.required for empty, blank or missing input', (_name, schema) => {
    expect(keysOf(schema, '')).toEqual(['validation.required']);
    expect(keysOf(schema, ' \u00A0 ')).toEqual(['validation.required']);
    expect(keysOf(schema, undefined)).toEqual(['validation.required']);
    expect(keysOf(schema, null)).toEqual(['validation.required']);
  });

  it.each(Object.entries(schemas))('%s reports a key, not prose, for a value of the wrong type', (_name, schema) => {
    expect(keysOf(schema, 42)).toEqual(['validation.invalidType']);
  });
});

describe('nationalCodeSchema', () => {
  it('outputs the normalised code', () => {
    expect(nationalCodeSchema.parse('۰۴۹۹۳۷۰۸۹۹')).toBe('0499370899');
    expect(nationalCodeSchema.parse(' 079-041990-4 ')).toBe('0790419904');
  });

  it('reports one precise key per problem', () => {
    expect(keysOf(nationalCodeSchema, '499370899')).toEqual(['validation.nationalCode.length']);
    expect(keysOf(nationalCodeSchema, '04993708a9')).toEqual(['validation.nationalCode.length']);
    expect(keysOf(nationalCodeSchema, '1111111111')).toEqual(['validation.nationalCode.repeated']);
    expect(keysOf(nationalCodeSchema, '0499370898')).toEqual(['validation.nationalCode.checksum']);
  });
});

describe('mobileSchema', () => {
  it('outputs 09xxxxxxxxx', () => {
    expect(mobileSchema.parse('+98 912 345 6789')).toBe('09123456789');
    expect(mobileSchema.parse('۹۱۲۳۴۵۶۷۸۹')).toBe('09123456789');
  });

  it('reports validation.mobile.invalid', () => {
    expect(keysOf(mobileSchema, '02112345678')).toEqual(['validation.mobile.invalid']);
    expect(keysOf(mobileSchema, '0912')).toEqual(['validation.mobile.invalid']);
  });
});

describe('code schemas', () => {
  it('normalise and validate postal codes', () => {
    expect(postalCodeSchema.parse('۱۹۶۹۸-۳۳۱۱۴')).toBe('1969833114');
    expect(keysOf(postalCodeSchema, '0193653471')).toEqual(['validation.postalCode.invalid']);
  });

  it('normalise and validate Sheba numbers', () => {
    expect(shebaSchema.parse('06 2960 0000 0010 0324 2000 01')).toBe('IR062960000000100324200001');
    expect(keysOf(shebaSchema, 'IR062960000000100324200002')).toEqual(['validation.sheba.invalid']);
  });

  it('normalise and validate workshop codes', () => {
    expect(workshopCodeSchema.parse('۱۲۳۴۵۶۷')).toBe('1234567');
    expect(keysOf(workshopCodeSchema, '123')).toEqual(['validation.workshopCode.invalid']);
  });
});

describe('personNameSchema', () => {
  it.each([
    ['  علي   كريمي ', 'علی کریمی'],
    [`محمد${ZWNJ}رضا`, `محمد${ZWNJ}رضا`],
    [`عبدالله ${ZWNJ}زاده`, 'عبدالله زاده'],
    ['فاطمة', 'فاطمة'],
    ['مؤمن', 'مؤمن'],
    ['Ali  Karimi', 'Ali Karimi'],
    ['Mohammad-Reza', 'Mohammad-Reza'],
    ["Sa'di", "Sa'di"],
    ['Zoë', 'Zoë'],
  ])('accepts %s as %s', (input, stored) => {
    expect(personNameSchema.parse(input)).toBe(stored);
  });

  it.each(['Ali2', 'علی۲', 'علی!', '-Ali', 'Ali-', 'Ali--Reza', 'علی، رضا', '😀'])('refuses %s', (input) => {
    expect(keysOf(personNameSchema, input)).toEqual(['validation.name.invalid']);
  });

  it('refuses names too short or too long', () => {
    expect(keysOf(personNameSchema, 'ع')).toEqual(['validation.name.length']);
    expect(keysOf(personNameSchema, 'ع'.repeat(61))).toEqual(['validation.name.length']);
    expect(keysOf(personNameSchema, 'ع'.repeat(60))).toEqual([]);
  });
});

describe('jalaliDateSchema', () => {
  it('outputs the Gregorian ISO date', () => {
    expect(jalaliDateSchema.parse('۱۳۹۹/۰۵/۱۲')).toBe('2020-08-02');
  });

  it('reports validation.date for a day that does not exist', () => {
    expect(keysOf(jalaliDateSchema, '1402/12/30')).toEqual(['validation.date']);
  });
});

describe('optionalField', () => {
  it('lets an untouched form field through as undefined, and still checks a filled one', () => {
    const form = z.object({ fatherName: optionalField(personNameSchema) });
    expect(form.parse({ fatherName: '' })).toEqual({ fatherName: undefined });
    expect(form.parse({})).toEqual({});
    expect(form.parse({ fatherName: 'حسن' })).toEqual({ fatherName: 'حسن' });
    expect(keysOf(form, { fatherName: 'Ali2' })).toEqual(['validation.name.invalid']);
  });
});

describe('domainMessages', () => {
  const keys = Object.values(messageKeys);

  it('has a Persian and an English text for every key, and nothing else', () => {
    expect(Object.keys(domainMessages.fa).sort()).toEqual([...keys].sort());
    expect(Object.keys(domainMessages.en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(domainMessages.fa[key].trim()).not.toBe('');
      expect(domainMessages.en[key].trim()).not.toBe('');
    }
  });

  it('writes Persian with Persian letters and digits only', () => {
    for (const text of Object.values(domainMessages.fa)) {
      expect(text).not.toMatch(/[\u064A\u0643\u0660-\u0669]/); // Arabic ي ك and Arabic-Indic digits
      expect(text).not.toMatch(/[0-9]/);
    }
  });

  it('names the field in the texts the brief gives', () => {
    expect(domainMessages.fa['validation.nationalCode.length']).toBe('کد ملی باید ۱۰ رقم باشد.');
    expect(domainMessages.en['validation.nationalCode.length']).toBe('The national code must be 10 digits.');
  });
});
