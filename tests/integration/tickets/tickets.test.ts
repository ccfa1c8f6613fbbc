import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createHarness, completeDraft, type Caller, type Harness } from '../../support/harness';
import { makeFakeExe, makeJpeg, makeOversizePng, makePdf, makePng } from '../../support/ticket-files';
import { ATTACHMENT_MAX_BYTES } from '../../../src-shared/api/tickets';
import { isTrackingCode } from '../../../src-shared/workflow/tracking';

let h: Harness;
let clerk: Caller;
let reviewer: Caller;

beforeEach(async () => {
  h = await createHarness();
  clerk = await h.signIn('clerk');
  reviewer = await h.signIn('reviewer');
});
afterEach(async () => h.close());

const b64 = (b: Buffer) => b.toString('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function countBlobs(): Promise<number> {
  const row = await h.app.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function upload(caller: Caller, name: string, bytes: Buffer) {
  return caller.call('tickets.upload', { fileName: name, base64: b64(bytes) });
}

async function draftWith(status: 'not_found' | 'ineligible' | 'eligible') {
  const input = completeDraft(h);
  const c = await clerk.call('intake.createDraft', input);
  const identifier = input.applicant.nationalCode; // a workshop without a social-security code
  if (status !== 'not_found') {
    await h.app.database.db.insertInto('eligibility_list').values({ workshop_identifier: identifier, status, source: 'SSO list 1399-02', updated_at: h.clock.now().toISOString() }).execute();
  }
  return { c, identifier, nationalCode: input.applicant.nationalCode, mobile: input.applicant.mobile };
}

describe('attachments: checked by content, stored once', () => {
  it('refuses a renamed .exe, an empty file, a file over 5 MB and a broken image, storing nothing', async () => {
    const refusals = [
      { name: 'permit.png', bytes: makeFakeExe(), message: /Only JPEG or PNG images or PDF/ },
      { name: 'empty.png', bytes: Buffer.alloc(0), message: /empty/ },
      { name: 'big.png', bytes: await makeOversizePng(ATTACHMENT_MAX_BYTES), message: /larger than the limit \(5 MB\)/ },
      { name: 'broken.png', bytes: (await makePng()).subarray(0, 40), message: /damaged|cannot be read/ },
      { name: 'notes.pdf', bytes: Buffer.from('just text, named like a PDF'), message: /Only JPEG or PNG images or PDF/ },
    ];
    for (const r of refusals) {
      const result = await clerk.try('tickets.upload', { fileName: r.name, base64: b64(r.bytes) });
      expect(result.ok, r.name).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation');
        expect(result.error.message).toMatch(r.message);
      }
    }
    expect(await countBlobs()).toBe(0);
  });

  it('stores the same file twice as one blob (SHA-256), with a thumbnail for images only', async () => {
    const png = await makePng(600, 300);
    const first = await upload(clerk, 'a.png', png);
    const again = await upload(clerk, 'copy-of-a.PNG', png);
    expect(first).toMatchObject({ sha256: sha(png), mime: 'image/png', size: png.length, hasThumbnail: true, alreadyStored: false });
    expect(again).toMatchObject({ sha256: sha(png), alreadyStored: true });
    const pdf = await upload(clerk, 'list.pdf', makePdf());
    expect(pdf).toMatchObject({ mime: 'application/pdf', hasThumbnail: false });
    const jpeg = await upload(clerk, 'scan-from-camera.jpg', await makeJpeg());
    expect(jpeg).toMatchObject({ mime: 'image/jpeg', hasThumbnail: true });
    expect(await countBlobs()).toBe(3);
    // A JPEG named .png is what its bytes say it is.
    const renamed = await upload(clerk, 'photo.png', await makeJpeg(30, 30, 0x112233ff));
    expect(renamed.mime).toBe('image/jpeg');
  });

  it('only intake uploads', async () => {
    const r = await reviewer.try('tickets.upload', { fileName: 'a.png', base64: b64(await makePng()) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
  });
});

describe('objection tickets end to end', () => {
  it('"not found in the list": request information, resend, accept; the case may then be submitted', async () => {
    const { c, identifier, nationalCode, mobile } = await draftWith('not_found');
    const blocked = await clerk.try('cases.submit', { caseId: c.id, expectedVersion: c.version });
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.error.message).toMatch(/not found on the eligibility list/);

    const ctxBefore = await clerk.call('tickets.filingContext', { caseId: c.id });
    expect(ctxBefore.caseEligibility).toBe('not_found');
    expect(ctxBefore.workshops).toEqual([expect.objectContaining({ identifier, eligibility: 'not_found' })]);

    const png = await makePng();
    const pdf = makePdf(2);
    const up1 = await upload(clerk, 'permit.png', png);
    const up2 = await upload(clerk, 'insurance-list.pdf', pdf);

    // The three fields the guide asks for are checked, not just typed.
    const mismatch = await clerk.try('tickets.file', {
      caseId: c.id, kind: 'not_found', claimed: { workshopCode: identifier, nationalCode: '0010350829', mobile },
      explanation: 'کارگاه خیاطی از سال ۱۳۹۵ فعال است و مجوز صنفی دارد.', attachments: [{ sha256: up1.sha256, fileName: 'permit.png' }],
    });
    expect(mismatch.ok).toBe(false);
    const noFiles = await clerk.try('tickets.file', {
      caseId: c.id, kind: 'not_found', claimed: { workshopCode: identifier, nationalCode, mobile },
      explanation: 'کارگاه خیاطی از سال ۱۳۹۵ فعال است و مجوز صنفی دارد.', attachments: [],
    });
    expect(noFiles.ok).toBe(false);

    const filed = await clerk.call('tickets.file', {
      caseId: c.id, kind: 'not_found', claimed: { workshopCode: identifier, nationalCode, mobile },
      explanation: 'کارگاه خیاطی از سال ۱۳۹۵ فعال است و مجوز صنفی دارد.',
      attachments: [{ sha256: up1.sha256, fileName: 'permit.png' }, { sha256: up2.sha256, fileName: 'insurance-list.pdf' }],
    });
    expect(filed.status).toBe('open');
    expect(filed.trackingNumber).toMatch(/^T\d{12}$/);
    expect(isTrackingCode(filed.trackingNumber.slice(1))).toBe(true);
    expect(filed.agencyCode).toBe(h.fixture.agencyCode);
    expect(filed.claimed).toEqual({ workshopCode: identifier, nationalCode, mobile });
    expect(filed.attachments.map((a) => a.fileName).sort()).toEqual(['insurance-list.pdf', 'permit.png']);

    // A second open ticket on the same workshop is refused.
    const twice = await clerk.try('tickets.file', {
      caseId: c.id, kind: 'not_found', claimed: { workshopCode: identifier, nationalCode, mobile },
      explanation: 'همان اعتراض دوباره؛ نباید ثبت شود چون یکی باز است.', attachments: [{ sha256: up1.sha256, fileName: 'permit.png' }],
    });
    expect(twice.ok).toBe(false);

    // Shows in the applicant's record and the case; routed to the case's agency.
    expect((await clerk.call('tickets.list', { caseId: c.id, status: 'all' })).map((t) => t.id)).toEqual([filed.id]);
    expect((await clerk.call('tickets.list', { applicantId: filed.applicant.id, status: 'all' })).map((t) => t.id)).toEqual([filed.id]);
    const queue = await reviewer.call('tickets.list', {});
    expect(queue.map((t) => t.id)).toContain(filed.id);
    const other = await h.signIn('clerk-other');
    expect((await other.call('tickets.list', { status: 'all' })).map((t) => t.id)).not.toContain(filed.id);
    expect((await other.try('tickets.get', { ticketId: filed.id })).ok).toBe(false);
    const officer = await h.signIn('officer-other');
    expect((await officer.try('tickets.get', { ticketId: filed.id })).ok).toBe(false);

    // The reviewer views both attachments, byte for byte.
    let t = await reviewer.call('tickets.get', { ticketId: filed.id });
    expect(t.workshop.eligibility).toBe('not_found');
    expect(t.allowedActions).toEqual(expect.arrayContaining(['take', 'accept', 'reject', 'request_info']));
    const gotPng = await reviewer.call('tickets.attachment', { ticketId: filed.id, sha256: up1.sha256 });
    expect(Buffer.from(gotPng.base64, 'base64').equals(png)).toBe(true);
    expect(gotPng.mime).toBe('image/png');
    const gotPdf = await reviewer.call('tickets.attachment', { ticketId: filed.id, sha256: up2.sha256 });
    expect(Buffer.from(gotPdf.base64, 'base64').equals(pdf)).toBe(true);
    const thumb = await reviewer.call('tickets.attachment', { ticketId: filed.id, sha256: up1.sha256, variant: 'thumbnail' });
    expect(thumb.mime).toBe('image/png');
    // A blob not linked to this ticket is not served through it.
    const stray = await upload(clerk, 'other.png', await makePng(10, 10, 0x00ff00ff));
    expect((await reviewer.try('tickets.attachment', { ticketId: filed.id, sha256: stray.sha256 })).ok).toBe(false);

    // Assignment, then a request for information goes back to intake.
    t = await reviewer.call('tickets.assign', { ticketId: t.id, expectedVersion: t.version, to: 'me' });
    const reviewer2 = await h.signIn('reviewer2');
    const stolen = await reviewer2.try('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'accept', message: 'ok' });
    expect(stolen.ok).toBe(false);
    if (!stolen.ok) expect(stolen.error.message).toMatch(/assigned to another reviewer/);
    const stale = await reviewer.try('tickets.decide', { ticketId: t.id, expectedVersion: t.version - 1, decision: 'request_info', message: 'x' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('conflict');
    const clerkDecides = await clerk.try('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'accept', message: 'x' });
    expect(clerkDecides.ok).toBe(false);
    t = await reviewer.call('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'request_info', message: 'لطفاً تصویر خوانای مجوز را بارگذاری کنید.' });
    expect(t.status).toBe('info_requested');
    expect(t.allowedActions).not.toContain('accept');

    // Disbursement guard: the case has an open ticket.
    const counted = await h.app.database.db.selectFrom('tickets').select('status').where('case_id', '=', c.id).execute();
    expect(counted.map((r) => r.status)).toEqual(['info_requested']);

    const clerkView = await clerk.call('tickets.get', { ticketId: t.id });
    expect(clerkView.allowedActions).toEqual(['resend']);
    const more = await upload(clerk, 'permit-clear.jpg', await makeJpeg(64, 48));
    t = await clerk.call('tickets.resend', { ticketId: t.id, expectedVersion: clerkView.version, message: 'تصویر واضح‌تر پیوست شد.', attachments: [{ sha256: more.sha256, fileName: 'permit-clear.jpg' }] });
    expect(t.status).toBe('open');
    expect(t.attachments).toHaveLength(3);

    t = await reviewer.call('tickets.get', { ticketId: t.id });
    const noReason = await reviewer.try('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'accept', message: '  ' });
    expect(noReason.ok).toBe(false);
    t = await reviewer.call('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'accept', message: 'مجوز معتبر است.' });
    expect(t.status).toBe('accepted');
    expect(t.decisionReason).toBe('مجوز معتبر است.');
    expect(t.workshop.eligibility).toBe('overridden');
    expect(t.workshop.override).toMatchObject({ ticketId: t.id, staffName: 'reviewer', reason: 'مجوز معتبر است.' });
    expect(t.events.map((e) => e.action)).toEqual(['file', 'take', 'request_info', 'resend', 'accept']);
    expect(t.events[0]!.attachments).toHaveLength(2);
    expect(t.events[3]!.attachments).toEqual([more.sha256]);
    expect(t.allowedActions).toEqual([]);

    // The override is the engine's: the blocked case can now be submitted.
    const fresh = await clerk.call('cases.get', { caseId: c.id });
    const submitted = await clerk.call('cases.submit', { caseId: c.id, expectedVersion: fresh.version });
    expect(submitted.stage).toBe('submitted');
    const flow = await clerk.call('cases.flow', { caseId: c.id });
    expect(flow.map((f) => f.action)).toEqual(['create', 'ticket_file', 'ticket_take', 'ticket_request_info', 'ticket_resend', 'ticket_accept', 'submit']);
    expect(flow.filter((f) => f.action.startsWith('ticket_')).every((f) => f.fromStage === 'draft' && f.toStage === 'draft')).toBe(true);

    // Audit entries hold ids and hashes only.
    const audit = await h.app.database.db.selectFrom('audit_events').select(['action', 'payload']).where('entity', 'in', ['ticket', 'attachment']).execute();
    expect(audit.length).toBeGreaterThanOrEqual(8);
    for (const a of audit) expect(a.payload).not.toContain(nationalCode);
  });

  it('a red-cross code rejected with a reason leaves the case blocked', async () => {
    const { c, identifier } = await draftWith('ineligible');
    const ctx = await clerk.call('tickets.filingContext', { caseId: c.id });
    expect(ctx.workshops).toEqual([expect.objectContaining({ identifier, eligibility: 'ineligible' })]);
    const up = await upload(clerk, 'permit.png', await makePng());
    // "Not found" is refused for a code that is on the list.
    const wrongKind = await clerk.try('tickets.file', {
      caseId: c.id, kind: 'not_found', claimed: { workshopCode: identifier, nationalCode: ctx.applicant.nationalCode, mobile: ctx.applicant.mobile },
      explanation: 'این کد در فهرست هست و نباید «یافت نشد» ثبت شود.', attachments: [{ sha256: up.sha256, fileName: 'permit.png' }],
    });
    expect(wrongKind.ok).toBe(false);
    let t = await clerk.call('tickets.file', {
      caseId: c.id, kind: 'ineligible', workshopIdentifier: identifier,
      explanation: 'کارگاه در دوران کرونا تعطیل شد و کارگران بیمه نداشتند.', attachments: [{ sha256: up.sha256, fileName: 'permit.png' }],
    });
    expect(t.kind).toBe('ineligible');
    t = await reviewer.call('tickets.get', { ticketId: t.id });
    const noReason = await reviewer.try('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'reject', message: '' });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.message).toMatch(/reason is required/);
    t = await reviewer.call('tickets.decide', { ticketId: t.id, expectedVersion: t.version, decision: 'reject', message: 'کارگاه بیمه‌پرداز است.' });
    expect(t.status).toBe('rejected');
    expect(t.workshop.eligibility).toBe('ineligible');
    const fresh = await clerk.call('cases.get', { caseId: c.id });
    const submit = await clerk.try('cases.submit', { caseId: c.id, expectedVersion: fresh.version });
    expect(submit.ok).toBe(false);
    if (!submit.ok) expect(submit.error.message).toMatch(/red cross/);
    expect((await clerk.call('cases.flow', { caseId: c.id })).map((f) => f.action)).toEqual(['create', 'ticket_file', 'ticket_reject']);
  });

  it('an eligible code cannot be objected to, and queue filters work', async () => {
    const { c, identifier } = await draftWith('eligible');
    const up = await upload(clerk, 'permit.png', await makePng());
    const r = await clerk.try('tickets.file', {
      caseId: c.id, kind: 'ineligible', workshopIdentifier: identifier,
      explanation: 'این کارگاه واجد شرایط است و اعتراض لازم ندارد.', attachments: [{ sha256: up.sha256, fileName: 'permit.png' }],
    });
    expect(r.ok).toBe(false);

    const a = await draftWith('not_found');
    const b = await draftWith('ineligible');
    const fileNF = await clerk.call('tickets.file', {
      caseId: a.c.id, kind: 'not_found', claimed: { workshopCode: a.identifier, nationalCode: a.nationalCode, mobile: a.mobile },
      explanation: 'توضیح کامل اعتراض برای کارگاه یافت‌نشده.', attachments: [{ sha256: up.sha256, fileName: 'permit.png' }],
    });
    h.clock.advance(7 * 24 * 60 * 60 * 1000);
    clerk = await h.signIn('clerk'); // sessions end when idle
    reviewer = await h.signIn('reviewer');
    const fileIN = await clerk.call('tickets.file', {
      caseId: b.c.id, kind: 'ineligible', workshopIdentifier: b.identifier,
      explanation: 'توضیح کامل اعتراض برای کارگاه با ضربدر قرمز.', attachments: [{ sha256: up.sha256, fileName: 'permit.png' }],
    });
    expect(fileIN.trackingNumber).not.toBe(fileNF.trackingNumber);
    const all = await reviewer.call('tickets.list', {});
    expect(all.map((t) => t.id)).toEqual([fileNF.id, fileIN.id]); // longest waiting first
    expect(all[0]!.overdue).toBe(true);
    expect(all[1]!.overdue).toBe(false);
    expect((await reviewer.call('tickets.list', { overdueOnly: true })).map((t) => t.id)).toEqual([fileNF.id]);
    expect((await reviewer.call('tickets.list', { search: fileIN.trackingNumber })).map((t) => t.id)).toEqual([fileIN.id]);
    expect((await reviewer.call('tickets.list', { search: a.nationalCode })).map((t) => t.id)).toEqual([fileNF.id]);
    const t = await reviewer.call('tickets.assign', { ticketId: fileIN.id, expectedVersion: fileIN.version, to: 'me' });
    expect((await reviewer.call('tickets.list', { assignment: 'mine' })).map((x) => x.id)).toEqual([t.id]);
    expect((await reviewer.call('tickets.list', { assignment: 'unassigned' })).map((x) => x.id)).toEqual([fileNF.id]);
    expect((await reviewer.call('tickets.list', { status: 'accepted' }))).toEqual([]);
  });
});
