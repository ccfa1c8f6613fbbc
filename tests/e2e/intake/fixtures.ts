// Reference rows an intake office would hold (registry data, central's eligibility list) and
// the branch credit the refusal scenario needs, written into the e2e host's SQLite file as
// tests/support/harness.ts does for the integration tests.
import BetterSqlite3 from 'better-sqlite3';
import { nationalCodeFromNine } from '../../../src-shared/domain/identifiers';
import { translate } from '../../../src-shared/i18n';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, PASSWORD } from '../support/host';

export const OFFICE = 'INT-E2E';

export interface Place {
  provinceCode: string;
  countyCode: string;
  institutionCode: string;
  branchCode: string;
  otherBranchCode: string;
}

function open(dbPath: string) {
  const db = new BetterSqlite3(dbPath);
  db.pragma('busy_timeout = 5000');
  return db;
}

/** An intake office, its clerk (via the real CLI), and a county with two branches of one institution. */
export function prepareOffice(dbPath: string, cli: (args: string[], stdin?: string) => unknown): Place {
  const db = open(dbPath);
  try {
    db.prepare(`insert into offices (id, kind, name_fa, name_en, created_at) values (?, 'intake', ?, ?, ?)`).run(OFFICE, 'دفتر پذیرش آزمون', 'Test intake office', new Date().toISOString());
    const pair = db
      .prepare(
        `select b.county_code, b.institution_code, min(b.code) as a, max(b.code) as b from branches b
         group by b.county_code, b.institution_code having count(*) >= 2 order by b.county_code, b.institution_code limit 1`,
      )
      .get() as { county_code: string; institution_code: string; a: string; b: string };
    const county = db.prepare('select province_code from counties where code = ?').get(pair.county_code) as { province_code: string };
    cli(['staff', 'add', '--username', 'clerk', '--role', 'intake', '--office', OFFICE, '--name', 'زهرا احمدی', '--password-stdin'], PASSWORD);
    return { provinceCode: county.province_code, countyCode: pair.county_code, institutionCode: pair.institution_code, branchCode: pair.a, otherBranchCode: pair.b };
  } finally {
    db.close();
  }
}

export function addRegistry(dbPath: string, r: { nationalCode: string; firstName: string; lastName: string; fatherName: string; birthDate: string; gender: 'male' | 'female' }) {
  const db = open(dbPath);
  try {
    db.prepare(`insert into registry_records (national_code, first_name, last_name, father_name, birth_date, gender, source, updated_at) values (?, ?, ?, ?, ?, ?, 'e2e', ?)`)
      .run(r.nationalCode, r.firstName, r.lastName, r.fatherName, r.birthDate, r.gender, new Date().toISOString());
  } finally {
    db.close();
  }
}

export function setEligibility(dbPath: string, identifier: string, status: 'eligible' | 'ineligible') {
  const db = open(dbPath);
  try {
    db.prepare(`insert into eligibility_list (workshop_identifier, status, source, updated_at) values (?, ?, 'e2e', ?)`).run(identifier, status, new Date().toISOString());
  } finally {
    db.close();
  }
}

export function starveBranch(dbPath: string, branchCode: string) {
  const db = open(dbPath);
  try {
    db.prepare(`update credit_allocations set allocated_rials = reserved_rials + consumed_rials + 1 where branch_code = ?`).run(branchCode);
  } finally {
    db.close();
  }
}

/** The latest code the outbox SMS adapter recorded for a mobile (what the applicant's phone shows). */
export function lastSmsCode(dbPath: string, mobile: string): string {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const row = db.prepare('select body from sms_outbox where mobile = ? order by id desc limit 1').get(mobile) as { body: string } | undefined;
    const code = row && /(\d{6})/.exec(row.body)?.[1];
    if (!code) throw new Error(`no SMS recorded for ${mobile}`);
    return code;
  } finally {
    db.close();
  }
}

let seq = 320_000_000;
export function newNationalCode(): string {
  seq += 13;
  return nationalCodeFromNine(String(seq));
}

export function persianDigits(s: string): string {
  return s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
}

export type Lang = 'fa' | 'en';
export const tr = (lang: Lang) => (key: string, params?: Record<string, string | number>) => translate(lang, key, params);

export async function login(page: Page, url: string, lang: Lang) {
  const t = tr(lang);
  await page.goto(url);
  if (lang === 'en') {
    await page.getByRole('button', { name: translate('fa', 'locale.switch') }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.getByLabel(t('login.username'), { exact: true }).fill('clerk');
  await page.getByLabel(t('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t('login.submit') }).click();
  // Login hashes with scrypt: on a busy machine it takes a while.
  await expect(page.getByRole('heading', { name: t('intake.title') })).toBeVisible({ timeout: 60_000 });
}

/** Every step: the step's heading is visible, axe finds nothing serious, and (Persian) a screenshot. */
export async function checkStep(page: Page, lang: Lang, headingKey: string, shot: string | null) {
  await expect(page.getByRole('heading', { name: tr(lang)(headingKey), level: 2 })).toBeVisible();
  // The pointer off any button: axe checks the resting colours, not a hover state.
  await page.mouse.move(0, 0);
  await expectAccessible(page);
  if (shot) await page.screenshot({ path: `test-results/screens/intake-${shot}.png`, fullPage: true });
}
