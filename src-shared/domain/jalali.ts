// jalaali-js is CommonJS: Node's ESM loader does not see all of its named exports, so it is
// imported whole.
import jalaali from 'jalaali-js';
import { toLatinDigits } from './text';

export interface JalaliDate {
  jy: number;
  jm: number;
  jd: number;
}

export type DateLocale = 'fa' | 'en';

/**
 * A date value as the app passes it around: a calendar day "YYYY-MM-DD", an ISO date-time
 * with its offset ("…Z"), or a Date. (A date-time without an offset would be read in the
 * computer's own zone, which is why stored timestamps carry one.)
 */
export type DateInput = string | Date;

interface CalendarDay {
  gy: number;
  gm: number;
  gd: number;
}

interface WallClock extends CalendarDay {
  hour: number;
  minute: number;
}

// Offices work on Tehran time whatever the computer's zone says; Intl carries Iran's
// historic daylight-saving rules (in force until 2022), so 2020 times come out right.
const TEHRAN = 'Asia/Tehran';
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const JALALI_INPUT = /^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$/;

const tehranClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TEHRAN,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});
// Calendar days are formatted at noon UTC, where no zone can move them to another day.
const persianNumeric = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: 'UTC',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const persianTime = new Intl.NumberFormat('fa-IR-u-nu-arabext', { minimumIntegerDigits: 2, useGrouping: false });
const persianLong: Record<DateLocale, Intl.DateTimeFormat> = {
  fa: new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }),
};

export function toJalali(date: Date): JalaliDate {
  const { gy, gm, gd } = tehranWallClock(date);
  return jalaali.toJalaali(gy, gm, gd);
}

export function isValidJalaliDate(jy: number, jm: number, jd: number): boolean {
  return [jy, jm, jd].every(Number.isInteger) && jalaali.isValidJalaaliDate(jy, jm, jd);
}

/** The Gregorian ISO date (YYYY-MM-DD) of a Jalali date; throws RangeError if there is no such day. */
export function jalaliToIsoDate(jy: number, jm: number, jd: number): string {
  if (!isValidJalaliDate(jy, jm, jd)) throw new RangeError(`No Jalali date ${jy}/${jm}/${jd}`);
  const { gy, gm, gd } = jalaali.toGregorian(jy, jm, jd);
  return isoOf({ gy, gm, gd });
}

/**
 * That day at 00:00 UTC, which is the same calendar day in Tehran (UTC+3:30, or +4:30 with
 * the old daylight saving), so toJalali and toISOString().slice(0, 10) both give it back.
 */
export function jalaliToDate(jy: number, jm: number, jd: number): Date {
  return new Date(`${jalaliToIsoDate(jy, jm, jd)}T00:00:00Z`);
}

/** "1399/05/12", "1399-5-12", in any digits → "2020-08-02"; null unless it is a real Jalali day. */
export function parseJalaliDate(input: string): string | null {
  const match = JALALI_INPUT.exec(toLatinDigits(input).replace(/[\u200E\u200F\u061C]/g, '').trim());
  if (!match) return null;
  const [jy, jm, jd] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidJalaliDate(jy, jm, jd) ? jalaliToIsoDate(jy, jm, jd) : null;
}

/** fa: Jalali in Persian digits, «۱۳۹۹/۰۵/۱۲»; en: Gregorian, "2020-08-02". Instants are read in Tehran time. */
export function formatDate(value: DateInput, locale: DateLocale): string {
  const day = calendarDayOf(value);
  if (locale === 'en') return isoOf(day);
  const parts = partsOf(persianNumeric, day);
  return `${parts.year}/${parts.month}/${parts.day}`;
}

/** formatDate plus the Tehran wall-clock time, «۱۳۹۹/۰۵/۱۲ ۱۴:۳۰» / "2020-08-02 14:30"; an ISO date alone reads as 00:00. */
export function formatDateTime(value: DateInput, locale: DateLocale): string {
  const clock = wallClockOf(value);
  const time =
    locale === 'fa'
      ? `${persianTime.format(clock.hour)}:${persianTime.format(clock.minute)}`
      : `${pad2(clock.hour)}:${pad2(clock.minute)}`;
  return `${formatDate(isoOf(clock), locale)} ${time}`;
}

/** «۱۲ مرداد ۱۳۹۹»; in English "12 Mordad 1399" (the Jalali date, transliterated month). */
export function formatJalaliLong(value: DateInput, locale: DateLocale = 'fa'): string {
  const parts = partsOf(persianLong[locale], calendarDayOf(value));
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** Calendar days from a to b (negative when b is earlier), each read as a Tehran calendar day. */
export function daysBetween(isoA: DateInput, isoB: DateInput): number {
  return (utcNoonOf(calendarDayOf(isoB)) - utcNoonOf(calendarDayOf(isoA))) / MS_PER_DAY;
}

/** Today's (or that instant's) date in Tehran as YYYY-MM-DD. */
export function tehranIsoDate(date: Date = new Date()): string {
  return isoOf(tehranWallClock(date));
}

function calendarDayOf(value: DateInput): CalendarDay {
  const { gy, gm, gd } = wallClockOf(value);
  return { gy, gm, gd };
}

function wallClockOf(value: DateInput): WallClock {
  if (typeof value === 'string') {
    const isoDay = ISO_DATE.exec(value.trim());
    if (isoDay) {
      const day = { gy: Number(isoDay[1]), gm: Number(isoDay[2]), gd: Number(isoDay[3]) };
      if (!isRealGregorianDay(day)) throw new RangeError(`Not a calendar date: "${value}"`);
      return { ...day, hour: 0, minute: 0 };
    }
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: "${String(value)}"`);
  return tehranWallClock(date);
}

function tehranWallClock(date: Date): WallClock {
  const parts = partsOf(tehranClock, date);
  return {
    gy: Number(parts.year),
    gm: Number(parts.month),
    gd: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

function partsOf(format: Intl.DateTimeFormat, value: Date | CalendarDay): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const date = value instanceof Date ? value : new Date(utcNoonOf(value));
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

function utcNoonOf({ gy, gm, gd }: CalendarDay): number {
  const date = new Date(Date.UTC(2000, gm - 1, gd, 12));
  date.setUTCFullYear(gy); // Date.UTC maps years 0–99 to 1900–1999
  return date.getTime();
}

function isRealGregorianDay(day: CalendarDay): boolean {
  const date = new Date(utcNoonOf(day));
  return date.getUTCFullYear() === day.gy && date.getUTCMonth() === day.gm - 1 && date.getUTCDate() === day.gd;
}

function isoOf({ gy, gm, gd }: CalendarDay): string {
  return `${String(gy).padStart(4, '0')}-${pad2(gm)}-${pad2(gd)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
