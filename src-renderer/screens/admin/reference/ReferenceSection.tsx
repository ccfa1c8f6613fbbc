import { Tabs } from '@mantine/core';
import { useState } from 'react';
import { NoticeAlert } from '../../../components/ErrorAlert';
import { useLocale } from '../../../i18n/locale';
import { ActivityCodesPanel } from './ActivityCodesPanel';
import { BranchesPanel } from './BranchesPanel';
import { CategoriesPanel } from './CategoriesPanel';
import { InstitutionsPanel } from './InstitutionsPanel';
import { AdminSection } from '../AdminSection';

const PANELS = [
  ['institutions', 'admin.reference.institutions', InstitutionsPanel],
  ['branches', 'admin.reference.branches', BranchesPanel],
  ['categories', 'admin.reference.categories', CategoriesPanel],
  ['activities', 'admin.reference.activityCodes', ActivityCodesPanel],
] as const;

/** Central's reference data, edited by its supervisors only (the offices receive it in bundles). */
export function ReferenceSection() {
  const { t } = useLocale();
  const [tab, setTab] = useState<string>('institutions');
  const [savedName, setSavedName] = useState<string | null>(null);

  return (
    <AdminSection id="admin-reference" title={t('admin.reference.title')} intro={t('admin.reference.intro')}>
      {savedName && <NoticeAlert tone="success" message={t('admin.reference.saved', { name: savedName })} />}
      {/* Panels mount when opened: each loads its own rows (the branches, a page at a time). */}
      <Tabs value={tab} onChange={(v) => { setSavedName(null); if (v) setTab(v); }} keepMounted={false}>
        <Tabs.List aria-label={t('admin.reference.title')}>
          {PANELS.map(([value, label]) => (
            <Tabs.Tab key={value} value={value}>{t(label)}</Tabs.Tab>
          ))}
        </Tabs.List>
        {PANELS.map(([value, , Panel]) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel onSaved={setSavedName} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </AdminSection>
  );
}
