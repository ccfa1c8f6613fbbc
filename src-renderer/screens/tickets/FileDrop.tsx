import '@mantine/dropzone/styles.css';
import { ActionIcon, Alert, Button, Group, Image, List, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useEffect, useRef, useState } from 'react';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, ATTACHMENT_MIMES } from '../../../src-shared/api/tickets';
import { useClient, toApiError } from '../../app/client';
import { useLocale } from '../../i18n/locale';
import { fileToBase64 } from './files';

export interface UploadedFile {
  sha256: string;
  fileName: string;
}

interface Item {
  key: number;
  name: string;
  size: number;
  state: 'uploading' | 'stored' | 'refused';
  sha256?: string;
  message?: string;
  duplicate?: boolean;
  preview?: string;
}

/**
 * Drag-and-drop, a file picker and a camera scan (also just a file). Each file goes to main
 * at once, which checks its bytes and stores it; refusals are listed with their reason and
 * nothing of them is kept.
 */
export function FileDrop({ onChange, labelId }: { onChange: (files: UploadedFile[]) => void; labelId: string }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const [items, setItems] = useState<Item[]>([]);
  const seq = useRef(0);
  const cameraRef = useRef<HTMLInputElement>(null);
  const openRef = useRef<() => void>(null);

  useEffect(() => {
    const seen = new Set<string>();
    const stored: UploadedFile[] = [];
    for (const i of items) {
      if (i.state === 'stored' && i.sha256 && !seen.has(i.sha256)) {
        seen.add(i.sha256);
        stored.push({ sha256: i.sha256, fileName: i.name });
      }
    }
    onChange(stored);
  }, [items, onChange]);

  useEffect(() => () => items.forEach((i) => i.preview && URL.revokeObjectURL(i.preview)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (key: number, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function add(files: File[]) {
    for (const file of files) {
      seq.current += 1;
      const key = seq.current;
      setItems((all) => [...all, { key, name: file.name, size: file.size, state: 'uploading' }]);
      if (file.size > ATTACHMENT_MAX_BYTES) {
        // Refused before sending: the same rule main applies, so nothing is stored.
        update(key, { state: 'refused', message: t('tickets.fileTooLarge', { max: ATTACHMENT_MAX_MB }) });
        continue;
      }
      try {
        const result = await client.call('tickets.upload', { fileName: file.name, base64: await fileToBase64(file) });
        const preview = result.mime === 'application/pdf' ? undefined : URL.createObjectURL(new Blob([await file.arrayBuffer()], { type: result.mime }));
        update(key, { state: 'stored', sha256: result.sha256, duplicate: result.alreadyStored, ...(preview ? { preview } : {}) });
      } catch (caught) {
        update(key, { state: 'refused', message: toApiError(caught, locale).message });
      }
    }
  }

  function remove(key: number) {
    setItems((all) => {
      const gone = all.find((i) => i.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return all.filter((i) => i.key !== key);
    });
  }

  const refused = items.filter((i) => i.state === 'refused');
  const kept = items.filter((i) => i.state !== 'refused');

  return (
    <Stack gap="xs">
      <Text id={labelId} fw={500}>
        {t('tickets.form.files')}
      </Text>
      <Text size="sm" c="dimmed" id={`${labelId}-help`}>
        {t('tickets.form.filesHelp', { max: ATTACHMENT_MAX_MB })}
      </Text>
      <Dropzone
        onDrop={(files) => void add(files)}
        openRef={openRef}
        activateOnClick={false}
        multiple
        aria-labelledby={labelId}
        aria-describedby={`${labelId}-help`}
        data-testid="ticket-dropzone"
        inputProps={{ 'aria-label': t('tickets.form.pick') }}
      >
        <Text ta="center" py="md">
          {t('tickets.form.drop')}
        </Text>
      </Dropzone>
      <Group gap="xs">
        <Button variant="default" onClick={() => openRef.current?.()}>
          {t('tickets.form.pick')}
        </Button>
        <Button variant="default" onClick={() => cameraRef.current?.click()}>
          {t('tickets.form.camera')}
        </Button>
        <input
          ref={cameraRef}
          type="file"
          accept={ATTACHMENT_MIMES.filter((m) => m.startsWith('image/')).join(',')}
          capture="environment"
          hidden
          aria-label={t('tickets.form.camera')}
          data-testid="ticket-camera-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            void add(files);
          }}
        />
      </Group>
      {refused.map((i) => (
        <Alert key={i.key} color="red" variant="light" role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={() => remove(i.key)}>
          {t('tickets.form.refused', { name: i.name, reason: i.message ?? '' })}
        </Alert>
      ))}
      {kept.length > 0 && (
        <List listStyleType="none" spacing="xs" aria-label={t('tickets.attachments')} data-testid="ticket-uploads">
          {kept.map((i) => (
            <List.Item key={i.key} data-state={i.state}>
              <Group gap="sm" wrap="nowrap">
                {i.preview && <Image src={i.preview} alt="" w={48} h={48} fit="contain" />}
                <Text size="sm" role="status">
                  {i.state === 'uploading' ? t('tickets.form.uploading', { name: i.name }) : i.duplicate ? t('tickets.form.duplicate', { name: i.name }) : t('tickets.form.uploaded', { name: i.name })}
                </Text>
                {i.state === 'stored' && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('tickets.form.remove', { name: i.name })} onClick={() => remove(i.key)}>
                    <span aria-hidden>×</span>
                  </ActionIcon>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
