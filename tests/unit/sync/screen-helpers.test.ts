// The sync screen's pure helpers: gaps placed in the history, the two sides of a conflict, sizes.
import { describe, expect, it } from 'vitest';
import { historyWithGaps } from '../../../src-renderer/screens/sync/history-rows';
import { conflictSides } from '../../../src-renderer/screens/sync/conflict-sides';
import { formatBytes } from '../../../src-renderer/screens/sync/format';
import { refusalText } from '../../../src-renderer/screens/sync/refusal';
import { progressWords } from '../../../src-renderer/screens/sync/progress';
import { isMessageKey, translate } from '../../../src-shared/i18n';
import { SYNC_JOB_PHASES, SYNC_REFUSAL_KINDS, type SyncJob, type SyncStatus } from '../../../src-shared/api/sync';

type Bundle = SyncStatus['history'][number];
const received = (peer: string, seq: number, at: string): Bundle => ({ direction: 'received', peer, seq, at, counts: {}, acknowledged: false });
const peer = (officeId: string, missing: number[]): SyncStatus['peers'][number] => ({
  officeId, kind: 'central', trusted: true, lastSeqSent: 0, lastSeqAcked: 0, lastSeqReceived: 0, missing, pendingChanges: 0, unconfirmedCases: 0,
});

describe('sync screen helpers', () => {
  it('places each missing bundle just below the first received bundle after it', () => {
    const history = [received('CENTRAL', 5, '2020-08-05'), { ...received('CENTRAL', 3, '2020-08-04'), direction: 'sent' as const }, received('CENTRAL', 2, '2020-08-03')];
    const rows = historyWithGaps(history, [peer('CENTRAL', [1, 3, 4])]);
    expect(rows.map((r) => (r.kind === 'gap' ? `gap ${r.seq}` : `${r.bundle.direction} ${r.bundle.seq}`))).toEqual(['received 5', 'gap 4', 'gap 3', 'sent 3', 'received 2', 'gap 1']);
    // Gaps older than the history shown still appear, at the end.
    expect(historyWithGaps([], [peer('CENTRAL', [7])])).toEqual([{ kind: 'gap', peer: 'CENTRAL', seq: 7 }]);
  });

  it('reads both stored versions of a conflict into one shape, with the steps each side has not seen', () => {
    const shared = { uid: 'CENTRAL/1', at: '2020-08-01T00:00:00Z', action: 'submit', to_stage: 'submitted', staff_name: 'clerk', office_id: 'INT-1', reason: null };
    const ours = { uid: 'AG-1/9', at: '2020-08-02T00:00:00Z', action: 'take_agency_review', to_stage: 'agency_review', staff_name: 'Sara', office_id: 'AG-1', reason: null };
    const theirs = { uid: 'AG-1-2/4', at: '2020-08-02T01:00:00Z', action: 'agency_reject', to_stage: 'agency_rejected', staff_name: 'Amir', office_id: 'AG-1-2', reason: 'No' };
    const local = { case: { stage: 'agency_review', version: 3, agency_code: 'ag', branch_code: 'br', tracking_code: '111' }, flow: [shared, ours] };
    const remote = { stage: 'agency_rejected', version: 4, agency_code: 'ag', branch_code: 'br', tracking_code: '111', flow: [shared, theirs] };
    const sides = conflictSides(local, remote);
    expect(sides.local).toMatchObject({ stage: 'agency_review', version: 3, last: { uid: 'AG-1/9' }, unseen: [{ uid: 'AG-1/9' }] });
    expect(sides.remote).toMatchObject({ stage: 'agency_rejected', version: 4, last: { reason: 'No' }, unseen: [{ uid: 'AG-1-2/4' }] });
    expect(conflictSides({ something: 'else' }, remote).local).toBeNull();
  });

  it('writes sizes in the locale’s digits and units', () => {
    const t = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
    expect(formatBytes(512, 'en', t)).toBe('512 bytes');
    expect(formatBytes(5427, 'en', t)).toBe('5.3 KB');
    expect(formatBytes(300 * 1024 * 1024, 'en', t)).toBe('300 MB');
    expect(formatBytes(5427, 'fa', (key, params) => translate('fa', key, params))).toBe('۵٫۳ کیلوبایت');
  });

  it('says each phase of a running job in words, with a percentage only while records count up', () => {
    const job = (over: Partial<SyncJob>): SyncJob => ({
      id: 'j', kind: 'export', state: 'running', phase: 'records', records: 0, totalRecords: 0, bytes: 0, totalBytes: 0, file: null, message: null, refusal: null, summary: null, bundle: null, ...over,
    });
    for (const locale of ['fa', 'en'] as const) {
      for (const kind of ['export', 'import'] as const) {
        for (const phase of SYNC_JOB_PHASES) expect(isMessageKey(`sync.phase.${kind}.${phase}`), `${kind} ${phase}`).toBe(true);
      }
      expect(new Set(SYNC_JOB_PHASES.map((phase) => progressWords(job({ phase }), (k, p) => translate(locale, k, p), locale).phase)).size).toBe(3);
    }
    const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
    // An export knows its total once it starts writing: records of total and a real percentage.
    expect(progressWords(job({ phase: 'preparing' }), en, 'en')).toEqual({ percent: null, phase: en('sync.phase.export.preparing'), text: '0 records — 0 bytes' });
    expect(progressWords(job({ records: 1000, totalRecords: 4000, bytes: 2048 }), en, 'en')).toEqual({ percent: 25, phase: 'Writing records…', text: '25% — 1000 of 4000 records — 2 KB' });
    // Every record read, the commit still running: no frozen full bar, the phase says why.
    const finishing = job({ kind: 'import', phase: 'finishing', records: 4000, totalRecords: 4000, bytes: 5120, totalBytes: 5120 });
    expect(progressWords(finishing, en, 'en')).toEqual({ percent: null, phase: en('sync.phase.import.finishing'), text: '4000 of 4000 records — 5 KB of 5 KB' });
    expect(progressWords({ ...finishing, state: 'done' }, en, 'en')).toEqual({ percent: 100, phase: null, text: '100% — 4000 of 4000 records — 5 KB of 5 KB' });
  });

  it('tells every refusal kind in both languages, its own sentence each, with the detail as it came', () => {
    const failed = (kind: SyncJob['kind'], refusal: SyncJob['refusal'], message: string | null): SyncJob => ({
      id: 'j', kind, state: 'failed', phase: 'preparing', records: 0, totalRecords: 0, bytes: 0, totalBytes: 0, file: null, message, refusal, summary: null, bundle: null,
    });
    for (const locale of ['fa', 'en'] as const) {
      const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
      const advice = SYNC_REFUSAL_KINDS.map((kind) => {
        expect(isMessageKey(`sync.refusal.${kind}`), kind).toBe(true);
        return refusalText(failed('import', kind, 'x'), t).advice;
      });
      expect(new Set(advice).size).toBe(SYNC_REFUSAL_KINDS.length);
    }
    const fa = (key: string) => translate('fa', key);
    expect(refusalText(failed('import', 'damaged', 'records/cases.ndjson fails its authentication tag'), fa)).toEqual({
      headline: fa('sync.importRefused'), advice: fa('sync.refusal.damaged'), detail: 'records/cases.ndjson fails its authentication tag',
    });
    // A failure that came without a kind (the worker stopped) is told as "other".
    expect(refusalText(failed('export', null, null), fa)).toEqual({ headline: fa('sync.exportFailed'), advice: fa('sync.refusal.other'), detail: null });
  });
});
