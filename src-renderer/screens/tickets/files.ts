// Bytes across the API: files go to main as base64 and come back as base64; the screen shows
// them only through blob: URLs (images) or pdf.js canvases (PDFs), never from a path.

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Only the three accepted types ever become a blob: URL, and only with their own type. */
export function blobUrlOf(bytes: Uint8Array<ArrayBuffer>, mime: string): string {
  const safe = mime === 'image/png' || mime === 'image/jpeg' || mime === 'application/pdf' ? mime : 'application/octet-stream';
  return URL.createObjectURL(new Blob([bytes], { type: safe }));
}
