import { ActionIcon, Box, Button, Group, Stack, Text, Tooltip, UnstyledButton, Image } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { AttachmentInfo } from '../../../src-shared/api/tickets';
import { useClient, toApiError } from '../../app/client';
import { useLocale } from '../../i18n/locale';
import { formatNumber } from '../../i18n/format';
import { base64ToBytes, blobUrlOf } from './files';
import { openPdf, renderPage } from './pdf';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

interface Loaded {
  sha256: string;
  imageUrl?: string;
  pdf?: PDFDocumentProxy;
  pages?: number;
}

/** Thumbnails and one attachment at a time: zoom, rotate, previous/next, PDF pages. */
export function AttachmentViewer({ ticketId, attachments }: { ticketId: string; attachments: AttachmentInfo[] }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const [index, setIndex] = useState(0);
  const [zoom, setZoom] = useState(2); // index into ZOOMS
  const [rotation, setRotation] = useState(0);
  const [page, setPage] = useState(1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const current = attachments[Math.min(index, attachments.length - 1)];

  // Thumbnails (PNG made by main with jimp) for images.
  useEffect(() => {
    let alive = true;
    const made: string[] = [];
    void (async () => {
      for (const a of attachments) {
        if (!a.hasThumbnail) continue;
        try {
          const r = await client.call('tickets.attachment', { ticketId, sha256: a.sha256, variant: 'thumbnail' });
          const url = blobUrlOf(base64ToBytes(r.base64), 'image/png');
          made.push(url);
          if (alive) setThumbs((all) => ({ ...all, [a.sha256]: url }));
        } catch {
          // The full view still works without a thumbnail.
        }
      }
    })();
    return () => {
      alive = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [client, ticketId, attachments]);

  // The selected attachment's bytes.
  useEffect(() => {
    if (!current) return;
    let alive = true;
    let url: string | undefined;
    let pdf: PDFDocumentProxy | undefined;
    setLoaded(null);
    setError(null);
    setPage(1);
    setRotation(0);
    setZoom(2);
    void (async () => {
      try {
        const r = await client.call('tickets.attachment', { ticketId, sha256: current.sha256, variant: 'original' });
        const bytes = base64ToBytes(r.base64);
        if (current.mime === 'application/pdf') {
          pdf = await openPdf(bytes);
          if (alive) setLoaded({ sha256: current.sha256, pdf, pages: pdf.numPages });
        } else {
          url = blobUrlOf(bytes, current.mime);
          if (alive) setLoaded({ sha256: current.sha256, imageUrl: url });
        }
      } catch (caught) {
        if (alive) setError(caught instanceof Error && 'error' in caught ? toApiError(caught, locale).message : t('tickets.viewer.failed'));
      }
    })();
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
      void pdf?.destroy();
    };
  }, [client, ticketId, current?.sha256]); // eslint-disable-line react-hooks/exhaustive-deps

  // PDF pages drawn to a canvas at the current zoom and rotation.
  useEffect(() => {
    if (!loaded?.pdf || !canvasRef.current) return;
    let alive = true;
    void renderPage(loaded.pdf, page, canvasRef.current, ZOOMS[zoom]! * 1.5, rotation).catch(() => alive && setError(t('tickets.viewer.failed')));
    return () => {
      alive = false;
    };
  }, [loaded, page, zoom, rotation, t]);

  if (!current) return null;
  const scale = ZOOMS[zoom]!;
  const count = attachments.length;

  return (
    <Stack gap="sm" component="section" aria-labelledby="ticket-viewer-title">
      <Text fw={600} id="ticket-viewer-title">
        {t('tickets.viewer.title')}
      </Text>
      <Group gap="xs" role="list" aria-label={t('tickets.attachments')}>
        {attachments.map((a, i) => (
          <div role="listitem" key={a.sha256}>
            <UnstyledButton
              onClick={() => setIndex(i)}
              aria-current={i === index ? 'true' : undefined}
              aria-label={`${a.fileName} (${t('tickets.viewer.position', { index: formatNumber(i + 1, locale), count: formatNumber(count, locale) })})`}
              style={{ border: `2px solid ${i === index ? 'var(--mantine-color-blue-7)' : 'var(--mantine-color-gray-4)'}`, borderRadius: 4, padding: 2 }}
            >
              {thumbs[a.sha256] ? (
                <Image src={thumbs[a.sha256]} alt="" w={64} h={64} fit="contain" />
              ) : (
                <Box w={64} h={64} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
                  <Text size="xs" fw={700} aria-hidden>
                    {a.mime === 'application/pdf' ? 'PDF' : 'IMG'}
                  </Text>
                </Box>
              )}
            </UnstyledButton>
          </div>
        ))}
      </Group>

      <Group gap="xs" wrap="wrap">
        <Button variant="default" size="compact-sm" onClick={() => setIndex((index - 1 + count) % count)} disabled={count < 2}>
          {t('tickets.viewer.previous')}
        </Button>
        <Text size="sm" aria-live="polite" data-testid="viewer-position">
          {t('tickets.viewer.position', { index: formatNumber(index + 1, locale), count: formatNumber(count, locale) })} — <bdi>{current.fileName}</bdi>
        </Text>
        <Button variant="default" size="compact-sm" onClick={() => setIndex((index + 1) % count)} disabled={count < 2}>
          {t('tickets.viewer.next')}
        </Button>
        <Tooltip label={t('tickets.viewer.zoomOut')}>
          <ActionIcon variant="default" aria-label={t('tickets.viewer.zoomOut')} onClick={() => setZoom(Math.max(0, zoom - 1))} disabled={zoom === 0}>
            <span aria-hidden>−</span>
          </ActionIcon>
        </Tooltip>
        <Text size="sm" data-testid="viewer-zoom">
          {t('tickets.viewer.zoomLevel', { percent: formatNumber(Math.round(scale * 100), locale) })}
        </Text>
        <Tooltip label={t('tickets.viewer.zoomIn')}>
          <ActionIcon variant="default" aria-label={t('tickets.viewer.zoomIn')} onClick={() => setZoom(Math.min(ZOOMS.length - 1, zoom + 1))} disabled={zoom === ZOOMS.length - 1}>
            <span aria-hidden>+</span>
          </ActionIcon>
        </Tooltip>
        <Button variant="default" size="compact-sm" onClick={() => setRotation((rotation + 90) % 360)} data-rotation={rotation}>
          {t('tickets.viewer.rotate')}
        </Button>
        <Button variant="subtle" size="compact-sm" onClick={() => { setZoom(2); setRotation(0); }}>
          {t('tickets.viewer.reset')}
        </Button>
      </Group>

      {loaded?.pdf && (
        <Group gap="xs">
          <Button variant="default" size="compact-sm" onClick={() => setPage(page - 1)} disabled={page <= 1}>
            {t('tickets.viewer.previousPage')}
          </Button>
          <Text size="sm" data-testid="viewer-page">
            {t('tickets.viewer.page', { page: formatNumber(page, locale), pages: formatNumber(loaded.pages ?? 1, locale) })}
          </Text>
          <Button variant="default" size="compact-sm" onClick={() => setPage(page + 1)} disabled={page >= (loaded.pages ?? 1)}>
            {t('tickets.viewer.nextPage')}
          </Button>
        </Group>
      )}

      <Box
        style={{ overflow: 'auto', maxHeight: 560, minHeight: 200, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, padding: 8, background: 'var(--mantine-color-gray-0)' }}
        data-testid="viewer-stage"
        tabIndex={0}
        role="region"
        aria-label={t('tickets.viewer.title')}
      >
        {error && (
          <Text role="alert" c="red.9">
            {error}
          </Text>
        )}
        {!error && !loaded && (
          <Text role="status" size="sm">
            {t('tickets.viewer.loading')}
          </Text>
        )}
        {loaded?.imageUrl && loaded.sha256 === current.sha256 && (
          <img
            src={loaded.imageUrl}
            alt={t('tickets.viewer.image', { name: current.fileName })}
            data-testid="viewer-image"
            style={{ transform: `rotate(${rotation}deg) scale(${scale})`, transformOrigin: 'center', transition: 'transform 0.15s', maxWidth: '100%', display: 'block', margin: '24px auto' }}
          />
        )}
        {loaded?.pdf && loaded.sha256 === current.sha256 && (
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={t('tickets.viewer.pdfPage', { page: formatNumber(page, locale), name: current.fileName })}
            data-testid="viewer-pdf"
            style={{ display: 'block', margin: '0 auto' }}
          />
        )}
      </Box>
    </Stack>
  );
}
