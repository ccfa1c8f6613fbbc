// This office's identity for sync (`office init`), its public key file (`office key`), and
// the peers it trusts (`sync trust`).
import { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import { findOffice, getSetting, setSetting, upsertOffice } from '../../db/queries/offices';
import { findIdentity, findPeer, insertIdentity, listPeers, upsertPeer } from '../../db/queries/sync';
import { appendAudit } from '../audit/chain';
import { OFFICE_KINDS, type OfficeKind } from '../../../src-shared/api';
import type { SyncRefusalKind } from '../../../src-shared/api/sync';
import { generateOfficeKeys, publicKeyFromRaw } from '../../sync/crypto';
import { keyProtector, protectorFor } from '../../sync/key-protector';
import { BundleRefused, type ReadKeys } from '../../sync/bundle';

/** A sync command refused (exit 2), nothing changed; `kind` as for BundleRefused (mostly how the office is set up), the message the detail. */
export class SyncRefused extends Error {
  override name = 'SyncRefused';
  constructor(message: string, readonly kind: SyncRefusalKind = 'setup') {
    super(message);
  }
}

/** The public key file an office hands to its peers (printed by `office key`). */
export const officeKeyFileSchema = z.object({
  format: z.literal('kara-desk-office-key'),
  officeId: z.string().min(1).max(100),
  kind: z.enum(OFFICE_KINDS),
  nameFa: z.string().max(200),
  nameEn: z.string().max(200),
  agencyCode: z.string().nullable(),
  branchCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  ed25519: z.string(),
  x25519: z.string(),
}).strict();
export type OfficeKeyFile = z.infer<typeof officeKeyFileSchema>;

export interface InitOffice {
  id: string;
  kind: OfficeKind;
  name: string;
  agencyCode?: string | null;
  branchCode?: string | null;
  countyCode?: string | null;
  trackingPrefix?: number;
}

export async function initOffice(db: KaraDb, o: InitOffice, now: string): Promise<OfficeKeyFile> {
  const existing = await findIdentity(db);
  if (existing) throw new SyncRefused(`this database is already office ${existing.office_id}; an office is provisioned once`);
  if (o.kind === 'agency' && !o.agencyCode) throw new SyncRefused('an agency office needs --agency CODE');
  if (o.kind === 'branch' && !o.branchCode) throw new SyncRefused('a branch office needs --branch CODE');
  if (o.agencyCode && !(await db.selectFrom('agencies').select('code').where('code', '=', o.agencyCode).executeTakeFirst())) throw new SyncRefused(`unknown agency ${o.agencyCode}`);
  if (o.branchCode && !(await db.selectFrom('branches').select('code').where('code', '=', o.branchCode).executeTakeFirst())) throw new SyncRefused(`unknown branch ${o.branchCode}`);
  const localId = await getSetting(db, 'local_office_id');
  if (localId && localId !== o.id && (await db.selectFrom('staff').select('id').limit(1).executeTakeFirst())) {
    throw new SyncRefused(`this database already has staff as office ${localId}`);
  }
  await upsertOffice(db, { id: o.id, kind: o.kind, nameFa: o.name, nameEn: o.name, agencyCode: o.agencyCode ?? null, branchCode: o.branchCode ?? null, countyCode: o.countyCode ?? null, now });
  await setSetting(db, 'local_office_id', o.id);
  if (o.trackingPrefix !== undefined) {
    await setSetting(db, 'tracking_prefix', String(o.trackingPrefix));
    await setSetting(db, 'tracking_prefix_provisional', '0');
  }
  const keys = generateOfficeKeys();
  const protector = keyProtector();
  await insertIdentity(db, {
    office_id: o.id,
    ed25519_public: keys.ed25519Public,
    ed25519_private: protector.protect(keys.ed25519Private),
    x25519_public: keys.x25519Public,
    x25519_private: protector.protect(keys.x25519Private),
    protector: protector.kind,
    created_at: now,
  });
  await appendAudit(db, { at: now, staffId: null, officeId: o.id, action: 'sync.officeInit', entity: 'office', entityId: o.id, payload: { kind: o.kind, protector: protector.kind } });
  return (await officeKeyFile(db))!;
}

export async function officeKeyFile(db: KaraDb): Promise<OfficeKeyFile | null> {
  const id = await findIdentity(db);
  if (!id) return null;
  const office = await findOffice(db, id.office_id);
  if (!office) return null;
  return {
    format: 'kara-desk-office-key', officeId: office.id, kind: office.kind as OfficeKind, nameFa: office.name_fa, nameEn: office.name_en,
    agencyCode: office.agency_code, branchCode: office.branch_code, countyCode: office.county_code, ed25519: id.ed25519_public, x25519: id.x25519_public,
  };
}

export async function trustOffice(db: KaraDb, keyFile: unknown, expectedOfficeId: string, now: string): Promise<OfficeKeyFile> {
  const parsed = officeKeyFileSchema.safeParse(keyFile);
  if (!parsed.success) throw new SyncRefused('not an office key file (print one with "office key")');
  const k = parsed.data;
  if (k.officeId !== expectedOfficeId) throw new SyncRefused(`the key file is for office ${k.officeId}, not ${expectedOfficeId}`);
  try {
    publicKeyFromRaw(k.ed25519, 'Ed25519');
    publicKeyFromRaw(k.x25519, 'X25519');
  } catch {
    throw new SyncRefused('the key file holds no valid public keys');
  }
  const me = await findIdentity(db);
  if (!me) throw new SyncRefused('provision this database first: office init');
  if (k.officeId === me.office_id) throw new SyncRefused('an office does not trust itself');
  const myKind = (await findOffice(db, me.office_id))?.kind;
  if (myKind !== 'central' && k.kind !== 'central') throw new SyncRefused('an office exchanges bundles with central only');
  if (myKind === 'central' && k.kind === 'central') throw new SyncRefused('central trusts offices, not another central');
  if (k.agencyCode && !(await db.selectFrom('agencies').select('code').where('code', '=', k.agencyCode).executeTakeFirst())) throw new SyncRefused(`unknown agency ${k.agencyCode}`);
  if (k.branchCode && !(await db.selectFrom('branches').select('code').where('code', '=', k.branchCode).executeTakeFirst())) throw new SyncRefused(`unknown branch ${k.branchCode}`);
  await upsertOffice(db, { id: k.officeId, kind: k.kind, nameFa: k.nameFa, nameEn: k.nameEn, agencyCode: k.agencyCode, branchCode: k.branchCode, countyCode: k.countyCode, now });
  await upsertPeer(db, { office_id: k.officeId, kind: k.kind, ed25519_public: k.ed25519, x25519_public: k.x25519, trusted_at: now });
  await appendAudit(db, { at: now, staffId: null, officeId: me.office_id, action: 'sync.trust', entity: 'office', entityId: k.officeId, payload: { kind: k.kind } });
  return k;
}

export interface LoadedIdentity {
  officeId: string;
  kind: OfficeKind;
  ed25519Public: string;
  ed25519PrivateDer: Buffer;
  x25519Public: string;
  x25519PrivateDer: Buffer;
}

let preloaded: LoadedIdentity | null = null;

/** The sync worker receives the keys the main thread opened (safeStorage lives there). */
export function preloadIdentity(identity: LoadedIdentity): void {
  preloaded = { ...identity, ed25519PrivateDer: Buffer.from(identity.ed25519PrivateDer), x25519PrivateDer: Buffer.from(identity.x25519PrivateDer) };
}

/** The office's keys, opened with the protector they were stored with (main thread only under Electron). */
export async function loadIdentity(db: KaraDb): Promise<LoadedIdentity> {
  const id = await findIdentity(db);
  if (preloaded && id && preloaded.officeId === id.office_id && preloaded.ed25519Public === id.ed25519_public) return preloaded;
  if (!id) throw new SyncRefused('this database is not provisioned as an office: run "office init" first');
  const office = await findOffice(db, id.office_id);
  if (!office) throw new SyncRefused(`office ${id.office_id} is missing from the offices table`);
  const protector = protectorFor(id.protector);
  return {
    officeId: id.office_id,
    kind: office.kind as OfficeKind,
    ed25519Public: id.ed25519_public,
    ed25519PrivateDer: protector.unprotect(id.ed25519_private),
    x25519Public: id.x25519_public,
    x25519PrivateDer: protector.unprotect(id.x25519_private),
  };
}

export async function readKeysFor(db: KaraDb, identity: LoadedIdentity): Promise<ReadKeys> {
  const peers = new Map((await listPeers(db)).map((p) => [p.office_id, p]));
  return {
    officeId: identity.officeId,
    x25519PrivateDer: identity.x25519PrivateDer,
    x25519Public: identity.x25519Public,
    signerOf: (officeId) => {
      const p = peers.get(officeId);
      return p && p.trusted === 1 ? { ed25519Public: p.ed25519_public } : null;
    },
  };
}

export async function requirePeer(db: KaraDb, officeId: string) {
  const p = await findPeer(db, officeId);
  if (!p || p.trusted !== 1) throw new SyncRefused(`office ${officeId} is not a trusted peer: run "sync trust" with its key file`);
  return p;
}

export { BundleRefused };
