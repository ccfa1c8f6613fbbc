import { Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { navigate, useSubPath } from '../../app/router';
import { useLocale } from '../../i18n/locale';
import { FindPanel } from './FindPanel';
import { NewRegistration } from './NewRegistration';
import { CaseWizard } from './CaseWizard';
import { Receipt } from './Receipt';

/**
 * Assisted registration: `#/intake` find or start; `#/intake/new` rules and identity;
 * `#/intake/case/<id>/<step>` the draft's steps; `#/intake/receipt/<id>` the printable slip.
 */
export function IntakeScreen() {
  const path = useSubPath();
  useShortcuts();
  if (path[0] === 'new') return <NewRegistration initialStep={path[1] === 'identity' ? 'identity' : 'rules'} />;
  if (path[0] === 'case' && path[1]) return <CaseWizard caseId={path[1]} step={path[2]} />;
  if (path[0] === 'receipt' && path[1]) return <Receipt caseId={path[1]} />;
  return (
    <Stack>
      <IntakeTitle />
      <FindPanel />
      <Shortcuts />
    </Stack>
  );
}

export function IntakeTitle() {
  const { t } = useLocale();
  return <Title order={1}>{t('intake.title')}</Title>;
}

/** Alt+N anywhere in intake goes back to find / start. */
function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
        e.preventDefault();
        navigate('intake');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Shortcuts() {
  const { t } = useLocale();
  return (
    <Paper withBorder p="sm" component="aside" aria-labelledby="intake-shortcuts" className="kd-no-print">
      <Text fw={700} size="sm" id="intake-shortcuts">
        {t('intake.shortcuts.title')}
      </Text>
      <Text size="sm" component="ul" m={0} ps="md">
        {['intake.shortcuts.enter', 'intake.shortcuts.tab', 'intake.shortcuts.back', 'intake.shortcuts.review', 'intake.shortcuts.find'].map((k) => (
          <li key={k}>
            <bdi>{t(k)}</bdi>
          </li>
        ))}
      </Text>
    </Paper>
  );
}
