import { Alert, Stack } from '@mantine/core';
import { useLocale } from '../../../i18n/locale';
import { RulesText } from '../NewRegistration';
import { StepButtons, StepTitle, type StepProps } from '../kit';

export function RulesReadOnly({ draft, onSaved }: StepProps) {
  const { t } = useLocale();
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSaved(draft); }} noValidate>
      <Stack>
        <StepTitle>{t('intake.rules.title')}</StepTitle>
        <RulesText />
        {draft.applicant.rulesAcknowledged && (
          <Alert color="green" variant="light" role="status">
            ✓ {t('intake.rules.acknowledge')}
          </Alert>
        )}
        <StepButtons />
      </Stack>
    </form>
  );
}
