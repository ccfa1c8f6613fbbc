import type { KaraDb } from '../connection';

const COUNTED = ['applicants', 'workshops', 'cases', 'tickets', 'attachments', 'audit_events'] as const;

export async function tableCounts(db: KaraDb): Promise<Record<(typeof COUNTED)[number], number>> {
  const entries = await Promise.all(
    COUNTED.map(async (table) => {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return [table, Number(row.n)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<(typeof COUNTED)[number], number>;
}
