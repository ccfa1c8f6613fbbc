import { Badge, Button, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { formatDateTime } from '../../i18n/format';
import { EditParameterModal } from './EditParameterModal';
import { formatParameterValue, type Parameter } from './parameterValue';
import { AdminSection } from './AdminSection';

export function ParametersSection({ readOnly }: { readOnly: boolean }) {
  const { t, locale } = useLocale();
  const parameters = useApiQuery('reference.parameters', {});
  const [editing, setEditing] = useState<Parameter | null>(null);
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const describe = (p: Parameter) => (locale === 'fa' ? p.descriptionFa : p.descriptionEn);
  const saved = parameters.data?.find((p) => p.key === savedKey);

  return (
    <AdminSection id="admin-params" title={t('admin.params.title')} intro={t('admin.params.intro')}>
      {saved && <NoticeAlert tone="success" message={t('admin.params.saved', { name: describe(saved) })} />}
      <ErrorAlert error={parameters.error} />
      {parameters.loading && !parameters.data ? (
        <Loading />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.params.description')}</Table.Th>
                <Table.Th>{t('admin.params.value')}</Table.Th>
                <Table.Th>{t('admin.params.standing')}</Table.Th>
                <Table.Th>{t('admin.params.source')}</Table.Th>
                <Table.Th>{t('admin.params.updatedAt')}</Table.Th>
                {!readOnly && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(parameters.data ?? []).map((p) => (
                <Table.Tr key={p.key}>
                  <Table.Td>
                    <Text size="sm">{describe(p)}</Text>
                    <Text size="xs" c="dimmed" dir="ltr" component="code">
                      {p.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <bdi>{formatParameterValue(p, locale)}</bdi>
                  </Table.Td>
                  <Table.Td>
                    {p.published ? (
                      <Badge color="green" variant="light">
                        {t('admin.params.published')}
                      </Badge>
                    ) : (
                      <Tooltip label={t('admin.params.assumedHint')} multiline w={260}>
                        <Badge color="orange" variant="light" tabIndex={0}>
                          {t('admin.params.assumed')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.source}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(p.updatedAt, locale)}</Text>
                  </Table.Td>
                  {!readOnly && (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={t('admin.params.editWhat', { name: describe(p) })}
                        onClick={() => {
                          setSavedKey(null);
                          setEditing(p);
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <EditParameterModal
          parameter={editing}
          title={describe(editing)}
          onClose={() => setEditing(null)}
          onSaved={(key) => {
            setEditing(null);
            setSavedKey(key);
            parameters.reload();
          }}
        />
      )}
    </AdminSection>
  );
}
