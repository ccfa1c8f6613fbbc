import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/api';
import { ATTACHMENT_MAX_BYTES, uploadInput } from '../../../src-shared/api/tickets';
import { checkFile, decodeBase64, imageDimensions, THUMBNAIL_SIDE } from '../../../src-main/services/tickets/attachments';
import { makeFakeExe, makeJpeg, makeOversizePng, makePdf, makePng } from '../../support/ticket-files';
import { Jimp } from 'jimp';

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await checkFile(bytes);
  } catch (e) {
    if (e instanceof AppError) return e.messageKey;
    throw e;
  }
  throw new Error('accepted');
}

describe('checkFile: by content, never by name', () => {
  it('accepts PNG, JPEG and PDF and names them by their bytes', async () => {
    const png = await makePng(500, 250);
    const checked = await checkFile(png);
    expect(checked.mime).toBe('image/png');
    expect(checked.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    const thumb = await Jimp.read(checked.thumbnail!);
    expect([thumb.bitmap.width, thumb.bitmap.height]).toEqual([THUMBNAIL_SIDE, THUMBNAIL_SIDE / 2]);
    expect((await checkFile(await makeJpeg())).mime).toBe('image/jpeg');
    const pdf = await checkFile(makePdf());
    expect(pdf.mime).toBe('application/pdf');
    expect(pdf.thumbnail).toBeNull();
  });

  it('refuses executables, text, empty, oversize, truncated and bomb-sized images', async () => {
    expect(await refusal(makeFakeExe())).toBe('tickets.fileTypeRefused');
    expect(await refusal(Buffer.from('<html><script>alert(1)</script></html>'))).toBe('tickets.fileTypeRefused');
    expect(await refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toBe('tickets.fileTypeRefused');
    expect(await refusal(Buffer.alloc(0))).toBe('tickets.fileEmpty');
    expect(await refusal(await makeOversizePng(ATTACHMENT_MAX_BYTES))).toBe('tickets.fileTooLarge');
    expect(await refusal((await makePng()).subarray(0, 60))).toBe('tickets.fileUnreadable');
    expect(await refusal(makePdf().subarray(0, 200))).toBe('tickets.fileUnreadable');
    // A PNG header claiming 40000 × 40000 pixels is refused before any decoding.
    const bomb = Buffer.from(await makePng(4, 4));
    bomb.writeUInt32BE(40_000, 16);
    bomb.writeUInt32BE(40_000, 20);
    expect(await refusal(bomb)).toBe('tickets.fileTooLarge');
  });

  it('reads image sizes from headers', async () => {
    expect(imageDimensions(await makePng(33, 21), 'image/png')).toEqual({ width: 33, height: 21 });
    expect(imageDimensions(await makeJpeg(17, 29), 'image/jpeg')).toEqual({ width: 17, height: 29 });
  });

  it('decodes only real base64, and the contract caps its length', () => {
    expect(decodeBase64(Buffer.from('hello').toString('base64')).toString()).toBe('hello');
    expect(() => decodeBase64('not base64 at all!')).toThrow(AppError);
    const tooLong = uploadInput.safeParse({ fileName: 'a.png', base64: 'A'.repeat(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 12) });
    expect(tooLong.success).toBe(false);
    if (!tooLong.success) expect(tooLong.error.issues[0]!.message).toBe('tickets.uploadTooLarge');
  });
});
