import { Anchor, Button, Card, Group, Radio, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../src-shared/api';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Digits } from '../../components/Digits';
import { useLocale } from '../../i18n/locale';
import { formatDate } from '../../i18n/format';
import { EligibilityMark, StatusBadge } from './marks';
import { FileDrop, type UploadedFile } from './FileDrop';
import { ticketHref } from './TicketsScreen';
import { rememberNotice } from './notice';

const NOT_FOUND = '__not_found__';

/** The clerk files an objection for the applicant of a case (the guide's "I have an objection"). */
export function FileTicket({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const context = useApiQuery('tickets.filingContext', { caseId: caseId || '-' });
  const action = useApiAction();
  const [choice, setChoice] = useState<string>('');
  const [claimed, setClaimed] = useState({ workshopCode: '', nationalCode: '', mobile: '' });
  const [explanation, setExplanation] = useState('');
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const onFiles = useCallback((f: UploadedFile[]) => setFiles(f), []);

  const data = context.data;
  useEffect(() => {
    if (!data) return;
    setClaimed({
      workshopCode: data.caseEligibility === 'not_found' ? (data.caseWorkshopIdentifier ?? '') : '',
      nationalCode: data.applicant.nationalCode,
      mobile: data.applicant.mobile,
    });
    setChoice(data.caseEligibility === 'not_found' ? NOT_FOUND : data.caseEligibility === 'ineligible' ? (data.caseWorkshopIdentifier ?? '') : '');
  }, [data]);

  if (!caseId) return <ErrorAlert error="tickets.form.noCase" />;
  if (context.loading && !data) return <Loading />;
  if (!data) return <ErrorAlert error={context.error} />;

  const listed = data.workshops.filter((w) => w.eligibility !== 'not_found');
  const fieldError = (field: string, error: ApiError | null) => (error?.field === field ? error.message : undefined);

  async function submit() {
    const base = { caseId, explanation, attachments: files };
    const result =
      choice === NOT_FOUND
        ? await action.run('tickets.file', { ...base, kind: 'not_found', claimed })
        : await action.run('tickets.file', { ...base, kind: 'ineligible', workshopIdentifier: choice });
    if (result) {
      rememberNotice(t('tickets.form.filed', { tracking: result.trackingNumber }));
      window.location.hash = ticketHref(result.id);
    }
  }

  return (
    <Stack gap="md" maw={900}>
      <Title order={1}>{t('tickets.newTitle')}</Title>
      <Card withBorder component="section" aria-labelledby="ticket-new-applicant">
        <Title order={2} size="h4" id="ticket-new-applicant">
          {t('tickets.applicant')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          <Text>{`${data.applicant.firstName} ${data.applicant.lastName}`}</Text>
          <Text>
            {t('tickets.nationalCode')}: <Digits value={data.applicant.nationalCode} />
          </Text>
          <Text>
            {t('tickets.caseTracking')}: {data.caseTrackingCode ? <Digits value={data.caseTrackingCode} /> : t('tickets.noTracking')}
          </Text>
          <Group gap="xs">
            <Text>{t('tickets.form.caseEligibility', { mark: '' })}</Text>
            <EligibilityMark status={data.caseEligibility} />
          </Group>
        </SimpleGrid>
      </Card>

      {(data.caseEligibility === 'eligible' || data.caseEligibility === 'overridden') && (
        <Text role="note" c="dimmed">
          {t('tickets.form.eligibleNoNeed')}
        </Text>
      )}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <Radio.Group
            name="workshop-choice"
            label={t('tickets.form.workshopChoice')}
            description={t('tickets.form.workshopChoiceHelp')}
            value={choice}
            onChange={setChoice}
            error={fieldError('workshopIdentifier', action.error)}
          >
            <Stack gap="xs" mt="xs">
              {listed.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('tickets.form.noCodes')}
                </Text>
              )}
              {listed.map((w) => (
                <Group key={w.identifier} gap="sm">
                  <Radio
                    value={w.identifier}
                    disabled={w.eligibility !== 'ineligible'}
                    label={
                      <span>
                        <Digits value={w.identifier} /> — {w.name}
                      </span>
                    }
                  />
                  <EligibilityMark status={w.eligibility} />
                </Group>
              ))}
              <Radio value={NOT_FOUND} label={t('tickets.form.notFoundOption')} />
            </Stack>
          </Radio.Group>

          {choice === NOT_FOUND && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('tickets.form.claimedWorkshopCode')}
                value={claimed.workshopCode}
                onChange={(e) => setClaimed({ ...claimed, workshopCode: e.currentTarget.value })}
                dir="ltr"
                inputMode="numeric"
                required
                error={fieldError('claimed.workshopCode', action.error)}
              />
              <TextInput
                label={t('tickets.form.claimedNationalCode')}
                value={claimed.nationalCode}
                onChange={(e) => setClaimed({ ...claimed, nationalCode: e.currentTarget.value })}
                dir="ltr"
                inputMode="numeric"
                required
                error={fieldError('claimed.nationalCode', action.error)}
              />
              <TextInput
                label={t('tickets.form.claimedMobile')}
                value={claimed.mobile}
                onChange={(e) => setClaimed({ ...claimed, mobile: e.currentTarget.value })}
                dir="ltr"
                inputMode="tel"
                required
                error={fieldError('claimed.mobile', action.error)}
              />
            </SimpleGrid>
          )}

          <Textarea
            label={t('tickets.form.explanation')}
            description={t('tickets.form.explanationHelp')}
            value={explanation}
            onChange={(e) => setExplanation(e.currentTarget.value)}
            autosize
            minRows={4}
            required
            error={fieldError('explanation', action.error)}
          />

          <FileDrop onChange={onFiles} labelId="ticket-new-files" />

          <ErrorAlert error={action.error?.field && ['workshopIdentifier', 'claimed.workshopCode', 'claimed.nationalCode', 'claimed.mobile', 'explanation'].includes(action.error.field) ? null : action.error} onClose={action.clearError} />
          <Group>
            <Button type="submit" loading={action.pending} disabled={!choice}>
              {t('tickets.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>

      {data.tickets.length > 0 && (
        <Card withBorder component="section" aria-labelledby="ticket-new-existing">
          <Title order={2} size="h4" id="ticket-new-existing">
            {t('tickets.form.existing')}
          </Title>
          <Table mt="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.col.tracking')}</Table.Th>
                <Table.Th>{t('tickets.col.kind')}</Table.Th>
                <Table.Th>{t('tickets.col.status')}</Table.Th>
                <Table.Th>{t('tickets.col.age')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.tickets.map((tk) => (
                <Table.Tr key={tk.id}>
                  <Table.Td>
                    <Anchor href={ticketHref(tk.id)}>
                      <Digits value={tk.trackingNumber} />
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`tickets.kind.${tk.kind}`)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={tk.status} />
                  </Table.Td>
                  <Table.Td>{formatDate(tk.createdAt, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
