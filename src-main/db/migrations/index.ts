import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { m001Foundation } from './001-foundation';
import { m002Cases } from './002-cases';
import { m005Tickets } from './005-tickets';
import { m003Intake } from './003-intake';
import { m004Queue } from './004-queue';
import { m006Sync } from './006-sync';
import { m008CaseReach } from './008-case-reach';
import { m009ReferenceSync } from './009-reference-sync';
import { m010QueuePause } from './010-queue-pause';
import { m011QueueVisibility } from './011-queue-visibility';

// A static list: bundled builds have no migrations folder to read at run time.
export const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': m001Foundation,
  '002-cases': m002Cases,
  '005-tickets': m005Tickets,
  '003-intake': m003Intake,
  '004-queue': m004Queue,
  '006-sync': m006Sync,
  '008-case-reach': m008CaseReach,
  '009-reference-sync': m009ReferenceSync,
  '010-queue-pause': m010QueuePause,
  '011-queue-visibility': m011QueueVisibility,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export function schemaVersionOf(names: readonly string[]): number {
  return names.length;
}

export async function runMigrations(db: Kysely<any>): Promise<{ applied: string[]; version: number }> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const all = await migrator.getMigrations();
  return { applied, version: schemaVersionOf(all.filter((m) => m.executedAt).map((m) => m.name)) };
}

export async function schemaVersion(db: Kysely<any>): Promise<number> {
  const all = await new Migrator({ db, provider }).getMigrations();
  return all.filter((m) => m.executedAt).length;
}
