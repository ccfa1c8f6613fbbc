// Runs last (file order): scans what every host of this e2e run printed, and the audit
// payloads of every e2e database, for national codes and mobile numbers. There must be none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { E2E_LOG_DIR } from './support/host';
import { findPersonalData } from './support/pii-scan';

test('the scanner itself finds a national code and a mobile, and ignores hashes', () => {
  expect(findPersonalData('saved applicant 0012345679 with mobile ۰۹۱۲۱۲۳۴۵۶۷')).toHaveLength(2);
  expect(findPersonalData('hash 7c1d0012345679ab, token abc-0912123456712, at 2020-08-01T06:30:00Z')).toEqual([]);
});

test('no host log or audit payload of the e2e run holds a national code or a mobile', () => {
  const files = readdirSync(E2E_LOG_DIR).filter((n) => n.endsWith('.log') || n.endsWith('.audit.jsonl'));
  expect(files.some((n) => n.endsWith('.log')), 'host logs were captured').toBe(true);
  expect(files.some((n) => n.endsWith('.audit.jsonl')), 'audit payloads were captured').toBe(true);
  const hits: string[] = [];
  let bytes = 0;
  for (const name of files) {
    const path = join(E2E_LOG_DIR, name);
    bytes += statSync(path).size;
    for (const hit of findPersonalData(readFileSync(path, 'utf8'))) hits.push(`${name}: ${hit}`);
  }
  expect(bytes).toBeGreaterThan(0);
  expect(hits).toEqual([]);
});
