import { readFileSync } from 'node:fs';
import type { CommandSpec } from '../index';
import type { App } from '../../../app';
import { UsageError } from '../errors';
import { OFFICE_KINDS, type OfficeKind } from '../../../../src-shared/api';
import { initOffice, officeKeyFile, trustOffice, SyncRefused } from '../../../services/sync/identity';
import { exportBundle } from '../../../services/sync/export';
import { importBundle, verifyBundle } from '../../../services/sync/import';
import { syncStatus } from '../../../services/sync/status';
import { BundleRefused } from '../../../sync/bundle';

/** A refusal (bad bundle, untrusted signer, unknown office) is exit 2 with nothing changed. */
async function refusing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof BundleRefused || e instanceof SyncRefused) throw new UsageError(e.message);
    throw e;
  }
}

const tx = <T>(app: App, fn: (db: App['database']['db']) => Promise<T>) => app.database.db.transaction().execute(fn);

export const officeCommands: Record<string, CommandSpec> = {
  'office init': {
    options: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, agency: { type: 'string' }, branch: { type: 'string' }, county: { type: 'string' }, 'tracking-prefix': { type: 'string' } },
    usage: `--id ID --kind (${OFFICE_KINDS.join('|')}) --name NAME [--agency CODE] [--branch CODE] [--county CODE] [--tracking-prefix NNNN]`,
    async run(app, v, io) {
      for (const f of ['id', 'kind', 'name'] as const) if (!v[f]) throw new UsageError(`--${f} is required`);
      if (!(OFFICE_KINDS as readonly string[]).includes(v.kind as string)) throw new UsageError(`--kind must be one of ${OFFICE_KINDS.join(', ')}`);
      if (!/^[A-Za-z0-9._-]{1,60}$/.test(v.id as string)) throw new UsageError('--id: letters, digits, ".", "_" and "-" only');
      const prefix = v['tracking-prefix'] === undefined ? undefined : Number(v['tracking-prefix']);
      if (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 1000 && prefix <= 9999)) throw new UsageError('--tracking-prefix must be four digits');
      const key = await refusing(() => tx(app, (db) => initOffice(db, {
        id: v.id as string, kind: v.kind as OfficeKind, name: v.name as string, agencyCode: (v.agency as string) ?? null, branchCode: (v.branch as string) ?? null,
        countyCode: (v.county as string) ?? null, ...(prefix !== undefined ? { trackingPrefix: prefix } : {}),
      }, new Date().toISOString())));
      io.out(`office ${key.officeId} (${key.kind}) provisioned; its public key: ${key.ed25519}`);
      return 0;
    },
  },
  'office key': {
    options: {},
    usage: '   (prints this office\'s public key file, for "sync trust" at its peers)',
    async run(app, _v, io) {
      const key = await officeKeyFile(app.database.db);
      if (!key) throw new UsageError('this database is not provisioned as an office: run "office init" first');
      io.out(JSON.stringify(key, null, 2));
      return 0;
    },
  },
};

export const syncCommands: Record<string, CommandSpec> = {
  'sync trust': {
    options: { office: { type: 'string' }, 'key-file': { type: 'string' } },
    usage: '--office ID --key-file FILE   (central trusts offices; offices trust central)',
    async run(app, v, io) {
      if (!v.office || !v['key-file']) throw new UsageError('--office and --key-file are required');
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(v['key-file'] as string, 'utf8'));
      } catch (e) {
        throw new UsageError(`cannot read the key file: ${(e as Error).message}`);
      }
      const k = await refusing(() => tx(app, (db) => trustOffice(db, parsed, v.office as string, new Date().toISOString())));
      io.out(`office ${k.officeId} (${k.kind}) is trusted`);
      return 0;
    },
  },
  'sync export': {
    options: { out: { type: 'string' }, to: { type: 'string' } },
    usage: '--out FILE [--to OFFICE]   (everything changed since the last bundle to that office)',
    async run(app, v, io) {
      if (!v.out) throw new UsageError('--out is required');
      const r = await refusing(() => exportBundle(app.database.db, { out: v.out as string, to: v.to as string | undefined, now: new Date().toISOString() }));
      io.out(`bundle ${r.seq} to ${r.target} written to ${r.file} (${r.bytes} bytes): ${JSON.stringify(r.counts)}`);
      return 0;
    },
  },
  'sync import': {
    options: { json: { type: 'boolean' } },
    positional: true,
    usage: 'FILE [--json]   (all or nothing; importing the same bundle twice changes nothing)',
    async run(app, v, io) {
      const file = v._0 as string | undefined;
      if (!file) throw new UsageError('name the bundle file: sync import FILE');
      const r = await refusing(() => importBundle(app.database.db, file, { now: new Date().toISOString(), outcomes: 'attention' }));
      if (v.json) io.out(JSON.stringify(r));
      else {
        io.out(r.status === 'duplicate' ? `bundle ${r.source} #${r.seq} was already imported: nothing changed` : `bundle ${r.source} #${r.seq} applied: ${JSON.stringify(r.summary)}`);
        for (const o of r.outcomes.filter((x) => x.outcome === 'refused' || x.outcome === 'conflict')) io.out(`  case ${o.caseId}: ${o.outcome}: ${o.reason}`);
      }
      if (r.missing.length) io.err(`warning: bundles ${r.missing.map((n) => `${r.source} #${n}`).join(', ')} have not arrived`);
      return 0;
    },
  },
  'sync verify': {
    options: {},
    positional: true,
    usage: 'FILE   (every check of an import, changing nothing)',
    async run(app, v, io) {
      const file = v._0 as string | undefined;
      if (!file) throw new UsageError('name the bundle file: sync verify FILE');
      const r = await refusing(() => verifyBundle(app.database.db, file));
      io.out(`ok: bundle ${r.manifest.source.officeId} #${r.manifest.seq} to ${r.manifest.target}, ${r.records} records, signature and hashes verified${r.alreadyImported ? ' (already imported)' : ''}`);
      if (r.missing.length) io.err(`warning: bundles ${r.missing.map((n) => `${r.manifest.source.officeId} #${n}`).join(', ')} have not arrived`);
      return 0;
    },
  },
  'sync status': {
    options: { json: { type: 'boolean' } },
    usage: '[--json]   (per peer: last sequence sent and received, missing bundles, pending changes)',
    async run(app, v, io) {
      const s = await syncStatus(app.database.db);
      if (v.json) {
        io.out(JSON.stringify(s));
        return 0;
      }
      io.out(s.office ? `office ${s.office.id} (${s.office.kind})` : 'not provisioned (office init)');
      for (const p of s.peers) {
        io.out(`  ${p.officeId} (${p.kind}${p.trusted ? '' : ', untrusted'}): sent #${p.lastSeqSent} (acknowledged #${p.lastSeqAcked}), received #${p.lastSeqReceived}, pending changes ${p.pendingChanges}, unconfirmed cases ${p.unconfirmedCases}${p.missing.length ? `, MISSING ${p.missing.map((n) => `#${n}`).join(' ')}` : ''}`);
      }
      io.out(`open conflicts: ${s.openConflicts}`);
      return 0;
    },
  },
};
