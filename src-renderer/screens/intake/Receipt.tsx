import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { navigate } from '../../app/router';
import { useActor } from '../../app/session';
import { Digits } from '../../components/Digits';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../components/useApi';
import { formatDate, formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import './receipt.css';

interface PrintBridge {
  printToPdf?: (fileName: string) => Promise<{ saved: boolean; path?: string }>;
}

/** The printable A5 slip: tracking code, stage, branch and agency, in the user's language. */
export function Receipt({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const actor = useActor();
  const query = useApiQuery('intake.draft', { caseId });
  const [pdfSaved, setPdfSaved] = useState(false);
  if (query.error) return <ErrorAlert error={query.error} />;
  const d = query.data;
  if (!d) return <Loading />;
  const name = (r: { nameFa: string; nameEn: string } | null | undefined) => (r ? (locale === 'fa' ? r.nameFa : r.nameEn) : '—');
  const bridge = (window as unknown as { karaDesk?: PrintBridge }).karaDesk;
  const print = async () => {
    if (bridge?.printToPdf) {
      const result = await bridge.printToPdf(`kara-receipt-${d.case.trackingCode ?? caseId}.pdf`);
      setPdfSaved(result.saved);
    } else {
      window.print();
    }
  };
  if (!d.case.trackingCode) {
    return (
      <Alert color="orange" role="status">
        {t('intake.receipt.notSubmitted')}
      </Alert>
    );
  }
  const rows: Array<[string, React.ReactNode]> = [
    ['intake.receipt.tracking', <Digits value={d.case.trackingCode} />],
    ['intake.receipt.stage', t(`stage.${d.case.stage}`)],
    ['intake.receipt.applicant', <>{`${d.applicant.firstName} ${d.applicant.lastName}`} — <Digits value={d.applicant.nationalCode} /></>],
    ['intake.receipt.workshop', d.workshop?.name ?? '—'],
    ['intake.receipt.agency', name(d.activity?.agency)],
    ['intake.receipt.branch', `${name(d.institution)} — ${name(d.branch)}`],
    ['intake.receipt.amount', d.requestedAmountToman ? `${formatNumber(d.requestedAmountToman, locale)} ${t('unit.toman')}` : '—'],
    ['intake.receipt.date', d.submittedAt ? formatDate(d.submittedAt, locale) : '—'],
    ['intake.receipt.office', locale === 'fa' ? actor.officeNameFa : actor.officeNameEn],
  ];
  return (
    <Stack>
      <article className="kd-receipt" aria-labelledby="receipt-title" data-testid="receipt">
        <Stack gap="xs">
          <Text size="sm" className="kd-receipt-programme">{t('intake.receipt.programme')}</Text>
          <Title order={1} size="h2" id="receipt-title">
            {t('intake.receipt.title')}
          </Title>
          <Text className="kd-receipt-code" fw={700} data-testid="receipt-tracking">
            <Digits value={d.case.trackingCode} />
          </Text>
          <Table withTableBorder withColumnBorders className="kd-receipt-table">
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row" w="35%">{t(k)}</Table.Th>
                  <Table.Td>{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm">{t('intake.receipt.note')}</Text>
        </Stack>
      </article>
      <Group className="kd-no-print">
        <Button onClick={() => void print()}>{bridge?.printToPdf ? t('intake.receipt.pdf') : t('intake.receipt.print')}</Button>
        <Button variant="default" onClick={() => navigate('intake')}>
          {t('intake.receipt.new')}
        </Button>
      </Group>
      {pdfSaved && <NoticeAlert tone="success" message={t('intake.receipt.pdfSaved')} />}
    </Stack>
  );
}
