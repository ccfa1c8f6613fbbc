import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { caseLabel, ConflictCard, type Conflict, type Names } from './ConflictCard';

interface Choice {
  conflict: Conflict;
  keep: 'local' | 'remote';
}

/** Open conflicts, each resolved only after the supervisor has read what the choice does. */
export function ConflictsSection({ conflicts, names, onResolved }: { conflicts: Conflict[]; names: Names; onResolved: () => void }) {
  const { t, locale } = useLocale();
  const action = useApiAction();
  const [choice, setChoice] = useState<Choice | null>(null);
  // Kept untranslated, so the notice follows a switch of language.
  const [done, setDone] = useState<Choice | null>(null);

  function choose(conflict: Conflict, keep: 'local' | 'remote') {
    setDone(null);
    action.clearError();
    setChoice({ conflict, keep });
  }

  async function resolve({ conflict, keep }: Choice) {
    const resolved = await action.run('sync.resolveConflict', { id: conflict.id, keep });
    setChoice(null);
    if (!resolved) return;
    setDone({ conflict, keep });
    onResolved();
  }

  return (
    <Stack component="section" aria-labelledby="sync-conflicts-title" gap="sm">
      <Title order={2} id="sync-conflicts-title">{t('sync.conflicts')}</Title>
      {done && <NoticeAlert tone="success" message={t(done.keep === 'local' ? 'sync.resolvedLocal' : 'sync.resolvedRemote', { tracking: caseLabel(done.conflict, locale) })} />}
      <ErrorAlert error={action.error} onClose={action.clearError} />
      {conflicts.length === 0 ? <Text c="dimmed">{t('sync.conflictsEmpty')}</Text> : conflicts.map((c) => (
        <ConflictCard key={c.id} conflict={c} names={names} busy={action.pending} onChoose={(keep) => choose(c, keep)} />
      ))}
      <Modal
        opened={choice !== null}
        onClose={() => setChoice(null)}
        centered
        title={choice ? t(choice.keep === 'local' ? 'sync.confirmTitleLocal' : 'sync.confirmTitleRemote') : ''}
      >
        {choice && (
          <Stack>
            <Text size="sm">{t('sync.conflictTitle', { tracking: caseLabel(choice.conflict, locale) })}</Text>
            <Text size="sm">{t(choice.keep === 'local' ? 'sync.confirmKeepLocal' : 'sync.confirmKeepRemote', { source: choice.conflict.source })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setChoice(null)}>{t('common.cancel')}</Button>
              <Button loading={action.pending} onClick={() => void resolve(choice)}>{t('sync.confirm')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
