import type { KaraDb, Database } from '../db/connection';
import type { MethodName, ParsedInputOf, OutputOf, Role, OfficeKind } from '../../src-shared/api';
import type { Locale } from '../../src-shared/i18n';
import type { Clock } from '../services/clock';
import type { Passwords } from '../services/auth/passwords';

/** The signed-in member of staff a call acts for. */
export interface Actor {
  staffId: number;
  username: string;
  displayName: string;
  role: Role;
  officeId: string;
  officeKind: OfficeKind;
  officeNameFa: string;
  officeNameEn: string;
  agencyCode: string | null;
  branchCode: string | null;
  mustChangePassword: boolean;
  sessionId: string;
}

/** How a host keeps the session token out of the renderer's reach (cookie, per-window map). */
export interface SessionPort {
  token(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export interface CallContext {
  locale: Locale;
  session: SessionPort;
  host: 'ipc' | 'http' | 'cli';
}

export interface HandlerContext {
  /** The command's transaction: everything a handler writes commits or rolls back together. */
  db: KaraDb;
  actor: Actor | null;
  session: SessionPort;
  clock: Clock;
  locale: Locale;
  /** Password hashing at the app's cost. */
  passwords: Passwords;
  /** Work that must wait until the command's transaction has committed (a restore swaps the file). */
  afterCommit?: (fn: () => Promise<unknown>) => void;
  /**
   * The open database itself, for whole-file work only (backup, restore), which must run
   * outside the transaction (in `afterCommit`). Absent when a router is built without it.
   */
  database?: Pick<Database, 'sqlite' | 'path' | 'db'>;
}

export type Handler<M extends MethodName> = (input: ParsedInputOf<M>, ctx: HandlerContext) => Promise<OutputOf<M>>;

/** Every method of the contract must have a handler: the type makes a missing one a build error. */
export type HandlerRegistry = { [M in MethodName]: Handler<M> };
