// Run by crash.test.ts as a child process and SIGKILLed at random moments: it writes, in a
// loop, every kind of command it can through the real router (intake save, decisions) and
// online backups, printing `start <op>` before and `done <op> <id>` after each commit.
import { join } from 'node:path';
import { openApp } from '../../../src-main/app';
import { callerFor, completeDraft, type Harness } from '../../support/harness';
import { createBackup } from '../../../src-main/services/trust/backups';
import { systemClock } from '../../../src-main/services/clock';
import { TEST_PASSWORD, TEST_PASSWORD_COST } from '../../support/harness';

const dbPath = process.argv[2]!;
const fixture = JSON.parse(process.argv[3]!) as Harness['fixture'];
const round = Number(process.argv[4]);
const say = (line: string) => process.stdout.write(`${line}\n`);

const app = await openApp({ dbPath, passwordCost: TEST_PASSWORD_COST });
const login = async (username: string) => {
  const c = callerFor(app);
  await c.call('auth.login', { username, password: TEST_PASSWORD });
  return c;
};
const clerk = await login('clerk');
const reviewer = await login('reviewer');
say('ready');
for (let i = 0; ; i += 1) {
  const draft = completeDraft({ fixture } as Harness);
  // Unique per round and iteration, so rounds never collide on a national code.
  const seq = round * 100000 + i;
  const nine = String(200000000 + seq).slice(-9);
  let sum = 0;
  for (let k = 0; k < 9; k += 1) sum += Number(nine[k]) * (10 - k);
  const r = sum % 11;
  draft.applicant.nationalCode = `${nine}${r < 2 ? r : 11 - r}`;
  await app.database.db.insertInto('eligibility_list').values({ workshop_identifier: draft.applicant.nationalCode, status: 'eligible', source: 'crash', updated_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();

  say(`start draft ${i}`);
  const created = await clerk.call('intake.createDraft', draft);
  say(`done draft ${created.id}`);
  say(`start submit ${created.id}`);
  const submitted = await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version });
  say(`done submit ${created.id}`);
  const taken = await reviewer.call('cases.take', { caseId: created.id, expectedVersion: submitted.version });
  say(`start decide ${created.id}`);
  await reviewer.call('cases.decide', { caseId: created.id, expectedVersion: taken.version, decision: 'approve' });
  say(`done decide ${created.id}`);
  if (i % 3 === 0) {
    say(`start backup ${i}`);
    const b = await createBackup(app.database, { reason: 'scheduled', clock: systemClock, dir: join(dbPath, '..', 'backups'), keep: 4 });
    say(`done backup ${b.name}`);
  }
}
