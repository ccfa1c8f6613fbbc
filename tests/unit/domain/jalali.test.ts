import { describe, expect, it } from 'vitest';
import jalaali from 'jalaali-js';
import {
  daysBetween,
  formatDate,
  formatDateTime,
  formatJalaliLong,
  isValidJalaliDate,
  jalaliToDate,
  jalaliToIsoDate,
  parseJalaliDate,
  tehranIsoDate,
  toJalali,
} from '../../../src-shared/domain/jalali';
import { toPersianDigits } from '../../../src-shared/domain/text';

describe('Jalali ↔ Gregorian', () => {
  it('knows Nowruz 1399 and 12 Mordad 1399', () => {
    expect(jalaliToIsoDate(1399, 1, 1)).toBe('2020-03-20');
    expect(jalaliToIsoDate(1399, 5, 12)).toBe('2020-08-02');
    expect(jalaliToDate(1399, 5, 12).toISOString()).toBe('2020-08-02T00:00:00.000Z');
  });

  it('round-trips through a Date', () => {
    expect(toJalali(jalaliToDate(1399, 5, 12))).toEqual({ jy: 1399, jm: 5, jd: 12 });
    expect(toJalali(jalaliToDate(1403, 12, 30))).toEqual({ jy: 1403, jm: 12, jd: 30 });
  });

  it('reads the day in Tehran time, not UTC', () => {
    // Nowruz 1399 began at 2020-03-20 00:00 Tehran (UTC+3:30) = 2020-03-19 20:30 UTC.
    expect(toJalali(new Date('2020-03-19T20:29:59Z'))).toEqual({ jy: 1398, jm: 12, jd: 29 });
    expect(toJalali(new Date('2020-03-19T20:30:00Z'))).toEqual({ jy: 1399, jm: 1, jd: 1 });
    expect(tehranIsoDate(new Date('2020-03-19T20:30:00Z'))).toBe('2020-03-20');
  });

  it('knows leap years', () => {
    expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
    expect(isValidJalaliDate(1402, 12, 30)).toBe(false);
    expect(isValidJalaliDate(1399, 12, 30)).toBe(true);
    expect(isValidJalaliDate(1399, 7, 31)).toBe(false);
    expect(isValidJalaliDate(1399, 6, 31)).toBe(true);
    expect(isValidJalaliDate(1399, 1.5, 1)).toBe(false);
    expect(() => jalaliToDate(1402, 12, 30)).toThrow(RangeError);
  });
});

describe('parseJalaliDate', () => {
  it.each([
    ['1399/05/12', '2020-08-02'],
    ['1399-5-12', '2020-08-02'],
    ['1399.05.12', '2020-08-02'],
    ['۱۳۹۹/۰۵/۱۲', '2020-08-02'],
    ['١٣٩٩/٥/١٢', '2020-08-02'],
    [' 1399 / 5 / 12 ', '2020-08-02'],
    ['\u200F۱۳۹۹/۰۵/۱۲', '2020-08-02'],
    ['1399/01/01', '2020-03-20'],
    ['1403/12/30', '2025-03-20'],
  ])('reads %s as %s', (input, iso) => {
    expect(parseJalaliDate(input)).toBe(iso);
  });

  it.each(['1402/12/30', '1399/07/31', '1399/13/01', '1399/00/10', '1399/05/00', '99/05/12', '12/05/1399', '1399/05', '', 'امروز'])(
    'refuses %s',
    (input) => {
      expect(parseJalaliDate(input)).toBeNull();
    },
  );
});

describe('formatting', () => {
  it('writes a date as Jalali in Persian digits or Gregorian in English', () => {
    expect(formatDate('2020-08-02', 'fa')).toBe('۱۳۹۹/۰۵/۱۲');
    expect(formatDate('2020-08-02', 'en')).toBe('2020-08-02');
    expect(formatDate(new Date('2020-08-01T20:00:00Z'), 'en')).toBe('2020-08-02'); // 00:30 in Tehran
    expect(formatDate('2020-08-01T20:00:00Z', 'fa')).toBe('۱۳۹۹/۰۵/۱۲');
  });

  it('adds the Tehran time, with the daylight saving in force in 2020', () => {
    expect(formatDateTime(new Date('2020-08-02T10:00:00Z'), 'fa')).toBe('۱۳۹۹/۰۵/۱۲ ۱۴:۳۰'); // UTC+4:30
    expect(formatDateTime(new Date('2020-08-02T10:00:00Z'), 'en')).toBe('2020-08-02 14:30');
    expect(formatDateTime('2023-08-02T10:00:00Z', 'en')).toBe('2023-08-02 13:30'); // no DST since 2022
    expect(formatDateTime('2020-08-02', 'en')).toBe('2020-08-02 00:00');
  });

  it('writes the long Jalali form', () => {
    expect(formatJalaliLong('2020-08-02')).toBe('۱۲ مرداد ۱۳۹۹');
    expect(formatJalaliLong(jalaliToDate(1399, 1, 1))).toBe('۱ فروردین ۱۳۹۹');
    expect(formatJalaliLong('2020-08-02', 'en')).toBe('12 Mordad 1399');
  });

  it('refuses what is not a date', () => {
    expect(() => formatDate('2020-02-30', 'fa')).toThrow(RangeError);
    expect(() => formatDate('not a date', 'en')).toThrow(RangeError);
    expect(() => formatDate(new Date(Number.NaN), 'fa')).toThrow(RangeError);
  });

  it("agrees with jalaali-js on every day from 1390 to 1420 and on every Nowruz from 1300 to 1500", () => {
    const expected = (iso: string) => {
      const [gy, gm, gd] = iso.split('-').map(Number) as [number, number, number];
      const { jy, jm, jd } = jalaali.toJalaali(gy, gm, gd);
      return toPersianDigits(`${jy}/${String(jm).padStart(2, '0')}/${String(jd).padStart(2, '0')}`);
    };
    const isoDays: string[] = [];
    for (let t = Date.UTC(2011, 2, 21); t < Date.UTC(2042, 2, 21); t += 86_400_000) isoDays.push(new Date(t).toISOString().slice(0, 10));
    for (let jy = 1300; jy <= 1500; jy += 1) {
      const nowruz = Date.parse(jalaliToIsoDate(jy, 1, 1));
      for (const offset of [-2, -1, 0, 1]) isoDays.push(new Date(nowruz + offset * 86_400_000).toISOString().slice(0, 10));
    }
    const mismatches = isoDays.filter((iso) => formatDate(iso, 'fa') !== expected(iso));
    expect(mismatches).toEqual([]);
  });
});

describe('daysBetween', () => {
  it('counts calendar days, signed', () => {
    expect(daysBetween('2020-03-20', '2020-08-02')).toBe(135);
    expect(daysBetween('2020-08-02', '2020-03-20')).toBe(-135);
    expect(daysBetween('2020-08-02', '2020-08-02')).toBe(0);
    expect(daysBetween(jalaliToIsoDate(1403, 12, 30), jalaliToIsoDate(1404, 1, 1))).toBe(1);
  });

  it('is not thrown off by daylight saving', () => {
    // Tehran moved its clocks on 2020-03-21 and 2020-09-21.
    expect(daysBetween('2020-03-20', '2020-09-22')).toBe(186);
  });
});
