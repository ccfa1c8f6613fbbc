import type { KaraDb } from '../../db/connection';
import type { CaseRow } from '../../db/queries/cases';
import { caseContext, countOpenTickets, eligibilityOf } from '../../db/queries/cases';
import type { Guard } from '../../../src-shared/workflow/definition';
import { checkGuards as checkGuardRules, missingStepsOf, type GuardFacts } from '../../../src-shared/workflow/rules';
import { loadAmountParameters } from './parameters';

/** The intake steps still missing before a case may be submitted (i18n keys). */
export async function missingSteps(db: KaraDb, c: CaseRow): Promise<string[]> {
  return missingStepsOf(await caseContext(db, c.id), c);
}

/**
 * The guards' facts about one case, read from the database when a guard asks. The case's context
 * is read once per check: three of submit's guards ask for it, and at a million cases each read
 * is a join over five tables' random pages.
 */
export function guardFactsOf(db: KaraDb, c: CaseRow): GuardFacts {
  let context: ReturnType<typeof caseContext> | undefined;
  return {
    context: () => (context ??= caseContext(db, c.id)),
    eligibility: (identifier) => eligibilityOf(db, identifier),
    amountParameters: () => loadAmountParameters(db),
    openTickets: () => countOpenTickets(db, c.id),
  };
}

/** Throws the refusal of the first guard that fails. Credit is checked by reserving it (effects). */
export async function checkGuards(db: KaraDb, c: CaseRow, guards: readonly Guard[]): Promise<void> {
  await checkGuardRules(c, guards, guardFactsOf(db, c));
}
