// The audit log as CSV and as a plain PDF. Entries hold ids, action names and hashes only
// (ASCII), so a PDF with the standard Courier font needs no embedded font.
import type { AuditEntryInfo } from '../../../src-shared/api/trust';

const COLUMNS: Array<keyof AuditEntryInfo> = ['id', 'at', 'staffId', 'staffUsername', 'officeId', 'action', 'entity', 'entityId', 'outcome', 'payload', 'hash'];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: AuditEntryInfo[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of entries) lines.push(COLUMNS.map((c) => csvCell(e[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function pdfText(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A minimal PDF 1.4: landscape A4 pages of Courier lines, with a title and page numbers. */
export function auditPdf(entries: AuditEntryInfo[], title: string): Buffer {
  const LINES_PER_PAGE = 60;
  const body = entries.map((e) =>
    [String(e.id).padStart(6), e.at.slice(0, 19), (e.staffUsername ?? String(e.staffId ?? '-')).slice(0, 16).padEnd(16), (e.officeId ?? '-').slice(0, 12).padEnd(12), e.action.slice(0, 28).padEnd(28), e.outcome.padEnd(7), `${e.entity}:${e.entityId ?? ''}`.slice(0, 30).padEnd(30), e.hash.slice(0, 16)].join(' '),
  );
  const header = ['    id at                  staff            office       action                       outcome subject                        hash'];
  const pages: string[][] = [];
  for (let i = 0; i < Math.max(1, body.length); i += LINES_PER_PAGE) pages.push(body.slice(i, i + LINES_PER_PAGE));

  const objects: string[] = [];
  const add = (content: string) => objects.push(content) ; // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES'); // filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>');
  const pageRefs: number[] = [];
  pages.forEach((lines, index) => {
    const text = [
      'BT /F1 11 Tf 30 570 Td', `(${pdfText(`${title}  -  page ${index + 1} of ${pages.length}`)}) Tj`, 'ET',
      'BT /F1 7 Tf 8.5 TL 30 550 Td', ...[...header, ...lines].map((l) => `(${pdfText(l)}) '`), 'ET',
    ].join('\n');
    add(`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`);
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    pageRefs.push(objects.length);
  });
  objects[1] = `<< /Type /Pages /Kids [${pageRefs.map((r) => `${r} 0 R`).join(' ')}] /Count ${pageRefs.length} >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((content, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
