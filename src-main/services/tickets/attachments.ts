import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../src-shared/api';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, ATTACHMENT_MIMES, type AttachmentMime } from '../../../src-shared/api/tickets';

/** Images larger than this (either side, or in pixels) are refused before they are decoded. */
export const IMAGE_MAX_SIDE = 12_000;
export const IMAGE_MAX_PIXELS = 50_000_000;
export const THUMBNAIL_SIDE = 240;

export interface CheckedFile {
  bytes: Buffer;
  sha256: string;
  mime: AttachmentMime;
  thumbnail: Buffer | null;
}

function refuse(key: 'tickets.fileEmpty' | 'tickets.fileTooLarge' | 'tickets.fileTypeRefused' | 'tickets.fileUnreadable' | 'tickets.fileNotBase64', params?: Record<string, string | number>): never {
  throw new AppError('validation', key, { field: 'file', ...(params ? { params } : {}) });
}

export function decodeBase64(base64: string): Buffer {
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) refuse('tickets.fileNotBase64');
  return Buffer.from(compact, 'base64');
}

/** Width and height from the header, without decoding the image (PNG IHDR, JPEG SOFn). */
export function imageDimensions(bytes: Buffer, mime: AttachmentMime): { width: number; height: number } | null {
  if (mime === 'image/png') {
    if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (mime === 'image/jpeg') {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      const length = bytes.readUInt16BE(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      i += 2 + length;
    }
  }
  return null;
}

/**
 * Decides what a file is from its bytes alone (the name is only a label): JPEG, PNG or PDF
 * within the size limit, else a clear refusal. Images must decode, and get a PNG thumbnail.
 */
export async function checkFile(bytes: Buffer): Promise<CheckedFile> {
  if (bytes.length === 0) refuse('tickets.fileEmpty');
  if (bytes.length > ATTACHMENT_MAX_BYTES) refuse('tickets.fileTooLarge', { max: ATTACHMENT_MAX_MB });
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(ATTACHMENT_MIMES as readonly string[]).includes(type.mime)) refuse('tickets.fileTypeRefused');
  const mime = type.mime as AttachmentMime;
  let thumbnail: Buffer | null = null;
  if (mime === 'application/pdf') {
    // A PDF must at least end like one; pages are drawn only by pdf.js in the renderer, with scripting off.
    if (!bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF')) refuse('tickets.fileUnreadable');
  } else {
    const size = imageDimensions(bytes, mime);
    if (!size || size.width < 1 || size.height < 1) refuse('tickets.fileUnreadable');
    if (size.width > IMAGE_MAX_SIDE || size.height > IMAGE_MAX_SIDE || size.width * size.height > IMAGE_MAX_PIXELS) refuse('tickets.fileTooLarge', { max: ATTACHMENT_MAX_MB });
    // Loaded on first use: jimp costs ~0.4 s of start-up, and only uploads need it.
    const { Jimp } = await import('jimp');
    try {
      const image = await Jimp.read(bytes);
      if (image.bitmap.width > THUMBNAIL_SIDE || image.bitmap.height > THUMBNAIL_SIDE) image.scaleToFit({ w: THUMBNAIL_SIDE, h: THUMBNAIL_SIDE });
      thumbnail = await image.getBuffer('image/png');
    } catch {
      refuse('tickets.fileUnreadable');
    }
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), mime, thumbnail };
}
