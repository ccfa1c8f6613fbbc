import { Button, Checkbox, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DraftView } from '../../../../src-shared/api/intake';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useApiAction } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';

/**
 * The other way to confirm the mobile: the applicant cannot read back a code, and the clerk
 * sees the operator's certificate that the SIM is registered to the applicant. The box must be
 * ticked first (the contract refuses the confirmation without it, on the same field).
 */
export function MobileInPerson({ draft, onDraft, disabled }: { draft: DraftView; onDraft: (v: DraftView) => void; disabled: boolean }) {
  const { t, message } = useLocale();
  const action = useApiAction();
  const [checked, setChecked] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);

  const confirm = async () => {
    action.clearError();
    setFieldError(undefined);
    if (!checked) {
      setFieldError(message('intake.mobile.inPerson.required'));
      return;
    }
    const view = await action.run('intake.confirmMobileInPerson', { caseId: draft.case.id, expectedVersion: draft.case.version, simDocumentChecked: true });
    if (view) onDraft(view);
  };

  return (
    <Stack gap={6} component="section" aria-labelledby="intake-mobile-in-person">
      <Title order={4} id="intake-mobile-in-person">{t('intake.mobile.inPerson.title')}</Title>
      <Text size="sm">{t('intake.mobile.inPerson.explain')}</Text>
      <Checkbox
        label={t('intake.mobile.inPerson.check')}
        checked={checked}
        onChange={(e) => setChecked(e.currentTarget.checked)}
        error={fieldError}
        disabled={disabled}
      />
      <div>
        <Button type="button" variant="outline" onClick={() => void confirm()} loading={action.pending} disabled={disabled}>
          {t('intake.mobile.inPerson.confirm')}
        </Button>
      </div>
      <ErrorAlert error={action.error} />
    </Stack>
  );
}
