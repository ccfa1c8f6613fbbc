import type { Kysely, Migration } from 'kysely';

// When a case first reached the bank branch: a branch keeps seeing a case it once held (say,
// withdrawn later) and never sees one that was withdrawn before it got there.
export const m008CaseReach: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('cases').addColumn('reached_branch_at', 'text').execute();
    await db
      .updateTable('cases')
      .set((eb) => ({ reached_branch_at: eb.ref('stage_entered_at') }))
      .where('stage', 'in', ['agency_approved', 'bank_review', 'documents_requested', 'bank_approved', 'bank_rejected', 'disbursed', 'closed'])
      .execute();
  },
};
