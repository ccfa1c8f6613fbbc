// Online backups (SQLite's backup API), their rotation and schedule, and restore.
// A backup is a complete SQLite file; it is only ever restored after it passes the same
// checks as `db check` (integrity, foreign keys, audit chain).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { DB } from '../../db/schema.generated';
import type { Database, KaraDb } from '../../db/connection';
import { runMigrations, schemaVersion, MIGRATIONS } from '../../db/migrations';
import { backupTo, checkIntegrity } from '../../db/sqlite-specific';
import { verifyAuditChain, appendAudit } from '../audit/chain';
import { endAllSessions } from '../../db/queries/trust';
import type { Clock } from '../clock';

export const BACKUP_REASONS = ['scheduled', 'manual', 'import', 'migration', 'restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** How many backups of each reason are kept; older ones are deleted after a new one succeeds. */
export const KEEP_BACKUPS = 10;
export const DEFAULT_BACKUP_EVERY_MS = 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  name: string;
  reason: BackupReason;
  createdAt: string;
  bytes: number;
}

/** Backups live beside the database, in `<db>.backups/`. */
export function backupDirOf(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath)}.backups`);
}

const NAME = /^kara-(\d{8}T\d{6}\d{3}Z)-([a-z]+)\.sqlite$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(s: string): string {
  // 20200801T063000000Z -> 2020-08-01T06:30:00.000Z
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
}

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m || !(BACKUP_REASONS as readonly string[]).includes(m[2]!)) continue;
    const file = join(dir, name);
    out.push({ file, name, reason: m[2] as BackupReason, createdAt: parseStamp(m[1]!), bytes: statSync(file).size });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/**
 * Takes an online backup into `dir` (or to `out` exactly), then deletes the oldest backups of
 * the same reason beyond `keep`. The copy is written under a temporary name and renamed, so
 * a crash mid-backup never leaves a half file that looks like a backup.
 */
export async function createBackup(
  database: Pick<Database, 'sqlite' | 'path'>,
  opts: { reason: BackupReason; clock: Clock; dir?: string; out?: string; keep?: number },
): Promise<BackupInfo> {
  const dir = opts.dir ?? backupDirOf(database.path);
  const target = opts.out ?? join(dir, `kara-${stamp(opts.clock.now())}-${opts.reason}.sqlite`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  await backupTo(database.sqlite, partial);
  const { renameSync } = await import('node:fs');
  renameSync(partial, target);
  if (!opts.out) rotateBackups(dir, opts.reason, opts.keep ?? KEEP_BACKUPS);
  return { file: target, name: basename(target), reason: opts.reason, createdAt: opts.clock.now().toISOString(), bytes: statSync(target).size };
}

export function rotateBackups(dir: string, reason: BackupReason, keep: number): string[] {
  const old = listBackups(dir).filter((b) => b.reason === reason).slice(keep);
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.name);
}

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  auditEntries: number;
  schemaVersion: number;
  sha256: string;
}

/** Opens a candidate read-only and runs `db check`'s checks on it. Never modifies it. */
export async function checkBackupFile(file: string): Promise<BackupCheck> {
  const sha256 = await sha256Of(file).catch(() => '');
  if (!existsSync(file)) return { ok: false, problems: ['file not found'], auditEntries: 0, schemaVersion: 0, sha256 };
  let sqlite: BetterSqlite3.Database | undefined;
  let db: Kysely<DB> | undefined;
  try {
    sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const integrity = checkIntegrity(sqlite);
    if (!integrity.ok) return { ok: false, problems: integrity.problems, auditEntries: 0, schemaVersion: 0, sha256 };
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    const hasTables = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('audit_events', 'staff', 'kysely_migration')").get() as { n: number };
    if (hasTables.n < 3) return { ok: false, problems: ['not a Kara Desk database'], auditEntries: 0, schemaVersion: 0, sha256 };
    const version = await schemaVersion(db);
    const problems: string[] = [];
    if (version > Object.keys(MIGRATIONS).length) problems.push(`made by a newer Kara Desk (schema ${version})`);
    const chain = await verifyAuditChain(db);
    if (!chain.ok && chain.firstBroken) problems.push(`audit chain: entry ${chain.firstBroken.id} is broken (${chain.firstBroken.reason})`);
    return { ok: problems.length === 0, problems, auditEntries: chain.checked, schemaVersion: version, sha256 };
  } catch (error) {
    return { ok: false, problems: [`unreadable: ${error instanceof Error ? error.message : String(error)}`], auditEntries: 0, schemaVersion: 0, sha256 };
  } finally {
    if (db) await db.destroy();
    else sqlite?.close();
  }
}

export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('error', reject).on('data', (c) => hash.update(c)).on('end', () => resolve(hash.digest('hex')));
  });
}

export class RestoreRefused extends Error {
  constructor(readonly check: BackupCheck) {
    super(`restore refused: ${check.problems.join('; ')}`);
  }
}

/**
 * Replaces the live database's content with a checked backup, through the backup API, while
 * the app's own connection stays open but idle (the caller holds it). First a 'restore'
 * backup of the current state is taken, so a restore can itself be undone. Afterwards
 * migrations run (an older backup is brought up to date), every session ends, and the
 * restore is appended to the restored chain.
 */
export async function restoreBackup(
  database: Pick<Database, 'sqlite' | 'path' | 'db'>,
  file: string,
  opts: { clock: Clock; staffId: number | null; officeId: string | null; dir?: string },
): Promise<{ check: BackupCheck; safetyCopy: BackupInfo }> {
  const check = await checkBackupFile(file);
  if (!check.ok) throw new RestoreRefused(check);
  const safetyCopy = await createBackup(database, { reason: 'restore', clock: opts.clock, ...(opts.dir ? { dir: opts.dir } : {}) });
  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    // One step for the whole file: the destination is locked once, not page by page.
    await source.backup(database.path, { progress: () => 1_000_000 });
  } finally {
    source.close();
  }
  await runMigrations(database.db);
  await database.db.transaction().execute(async (trx) => {
    const now = opts.clock.now().toISOString();
    await endAllSessions(trx, now);
    await appendAudit(trx, {
      at: now, staffId: opts.staffId, officeId: opts.officeId, action: 'backup.restore', entity: 'database', entityId: null,
      payload: { sha256: check.sha256, auditEntries: check.auditEntries, safetyCopy: safetyCopy.name },
    });
  });
  return { check, safetyCopy };
}

/** Hourly (by default) backups while a long-running host (Electron, serve) is up. */
export function startBackupSchedule(database: Pick<Database, 'sqlite' | 'path'>, opts: { clock: Clock; everyMs?: number; keep?: number; onError?: (e: unknown) => void }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    createBackup(database, { reason: 'scheduled', clock: opts.clock, ...(opts.keep ? { keep: opts.keep } : {}) })
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        running = false;
      });
  }, opts.everyMs ?? DEFAULT_BACKUP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Commands that take a backup before they run: every bundle import. */
export function needsBackupBefore(method: string): boolean {
  return /^sync\.(startImport|import)/.test(method);
}

/** Before migrations that would change a database already in use, an online backup. */
export async function backupBeforeMigration(db: KaraDb, database: Pick<Database, 'sqlite' | 'path'>, clock: Clock): Promise<BackupInfo | null> {
  const migrations = await new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } }).getMigrations();
  const applied = migrations.filter((m) => m.executedAt).length;
  if (applied === 0 || applied === migrations.length) return null;
  return createBackup(database, { reason: 'migration', clock });
}
