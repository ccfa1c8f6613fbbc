import { Box, Button, Group, TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import type { PathChoice } from '../../../src-shared/api/sync';
import { nativePathChooser } from '../../client/native-dialogs';
import { useLocale } from '../../i18n/locale';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'inputContainer'> & {
  kind: PathChoice;
  value: string;
  onChange: (path: string) => void;
};

/**
 * A full path typed by hand; in the desktop app a "Browse…" button beside it fills it from the
 * system's own dialog (cancelling leaves it as it was). The browser has no such dialog.
 */
export function PathInput({ kind, value, onChange, error, ...inputProps }: Props) {
  const { t, locale } = useLocale();
  const choose = nativePathChooser();
  const [browseFailed, setBrowseFailed] = useState(false);

  async function browse() {
    if (!choose) return;
    setBrowseFailed(false);
    try {
      const path = await choose(kind, locale);
      if (path) onChange(path);
    } catch (e) {
      console.error('[kara-desk] path dialog failed:', e);
      setBrowseFailed(true);
    }
  }

  const browseButton = choose && (
    <Button type="button" variant="default" onClick={() => void browse()} aria-label={t(kind === 'exportFolder' ? 'sync.browseFolder' : 'sync.browseFile')}>
      {t('sync.browse')}
    </Button>
  );
  return (
    <TextInput
      {...inputProps}
      value={value}
      onChange={(e) => {
        setBrowseFailed(false);
        onChange(e.currentTarget.value);
      }}
      error={browseFailed ? t('sync.browseFailed') : error}
      // Focus stays on the button: the failure is announced, not only shown.
      errorProps={browseFailed ? { role: 'alert' } : undefined}
      inputContainer={browseButton ? (input) => (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Box flex={1}>{input}</Box>
          {browseButton}
        </Group>
      ) : undefined}
    />
  );
}
