import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { m001Foundation } from './001-foundation';
import { m002Cases } from './002-cases';

// A static list: bundled builds have no migrations folder to read at run time.
export const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': m001Foundation,
  '002-cases': m002Cases,
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
