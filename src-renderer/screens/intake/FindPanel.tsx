import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import type { OutputOf } from '../../../src-shared/api';
import { navigate } from '../../app/router';
import { useClient } from '../../app/client';
import { Digits } from '../../components/Digits';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiSubmit, useZodForm } from '../../components/form';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { contract } from '../../../src-shared/api';

const schema = contract['intake.find'].input;
type Found = OutputOf<'intake.find'>;

export function FindPanel() {
  const { t, locale, message } = useLocale();
  const client = useClient();
  const [results, setResults] = useState<Found | null>(null);
  // Checked on submit only: with the box empty and focused, a blur error pushing the buttons
  // down made a click on "register a new applicant" miss it.
  const form = useZodForm(schema as z.ZodType<{ query: string }, { query: string }>, { query: '' }, 'onSubmit');
  const { onSubmit, formError } = useApiSubmit(form, async (values) => setResults(await client.call('intake.find', values)));
  const queryError = message(form.formState.errors.query?.message);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="intake-find-title">
      <Stack>
        <Title order={2} id="intake-find-title">
          {t('intake.find.title')}
        </Title>
        <form onSubmit={onSubmit} noValidate role="search">
          <Group align="flex-end">
            <TextInput {...form.register('query')} label={t('intake.find.label')} error={queryError} dir="ltr" autoFocus style={{ flex: 1, minWidth: 240 }} autoComplete="off" />
            <Button type="submit">{t('intake.find.submit')}</Button>
            <Button variant="light" type="button" onClick={() => navigate('intake', 'new')}>
              {t('intake.find.start')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={formError} />
        {results && results.length === 0 && (
          <Text role="status">{t('intake.find.none')}</Text>
        )}
        {results && results.length > 0 && (
          <Table striped aria-label={t('intake.find.results')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('intake.col.applicant')}</Table.Th>
                <Table.Th>{t('intake.col.nationalCode')}</Table.Th>
                <Table.Th>{t('intake.col.tracking')}</Table.Th>
                <Table.Th>{t('intake.col.workshop')}</Table.Th>
                <Table.Th>{t('intake.col.stage')}</Table.Th>
                <Table.Th>{t('intake.col.updated')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((r) => (
                <Table.Tr key={r.caseId}>
                  <Table.Td>{`${r.firstName} ${r.lastName}`.trim() || '—'}</Table.Td>
                  <Table.Td>
                    <Digits value={r.nationalCode} />
                  </Table.Td>
                  <Table.Td>{r.trackingCode ? <Digits value={r.trackingCode} /> : '—'}</Table.Td>
                  <Table.Td>{r.workshopName || '—'}</Table.Td>
                  <Table.Td>{t(`stage.${r.stage}`)}</Table.Td>
                  <Table.Td>{formatDateTime(r.updatedAt, locale)}</Table.Td>
                  <Table.Td>
                    {r.resumable ? (
                      <Anchor href={`#/intake/case/${r.caseId}/${r.stage === 'returned' ? 'review' : 'identity'}`}>{t('intake.find.resume')}</Anchor>
                    ) : r.trackingCode ? (
                      <Anchor href={`#/intake/receipt/${r.caseId}`}>{t('intake.find.view')}</Anchor>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
