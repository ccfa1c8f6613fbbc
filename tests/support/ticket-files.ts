// Real files for the ticket tests, made at run time: a small PNG and JPEG (jimp), a minimal
// valid PDF written by hand (one page, a filled square, no fonts), and a fake .exe ('MZ').
import { Jimp } from 'jimp';

export async function makePng(width = 48, height = 32, color = 0x2266ccff): Promise<Buffer> {
  const image = new Jimp({ width, height, color });
  for (let x = 0; x < width; x += 1) image.setPixelColor(0xffffffff, x, Math.floor(height / 2));
  return image.getBuffer('image/png');
}

export async function makeJpeg(width = 40, height = 40, color = 0xcc4422ff): Promise<Buffer> {
  return new Jimp({ width, height, color }).getBuffer('image/jpeg');
}

/** A one-page PDF with correct xref offsets; pdf.js renders it without fonts or workers of its own. */
export function makePdf(pages = 1): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i += 1) {
    const content = `0.1 0.4 0.8 rg 20 20 ${100 + i * 40} 100 re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 160] /Contents ${4 + i * 2} 0 R /Resources << >> >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A Windows executable's header: what a renamed .exe really is. */
export function makeFakeExe(): Buffer {
  const bytes = Buffer.alloc(512, 0);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return bytes;
}

/** Over the 5 MB limit by one byte, and a real PNG header so only the size is wrong. */
export async function makeOversizePng(limitBytes: number): Promise<Buffer> {
  const png = await makePng(8, 8);
  const out = Buffer.alloc(limitBytes + 1, 0);
  png.copy(out, 0);
  return out;
}
