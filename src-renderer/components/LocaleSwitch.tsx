import { Button } from '@mantine/core';
import { useLocale } from '../i18n/locale';

/** Its label is the other language's name, written in that language. */
export function LocaleSwitch() {
  const { locale, t, toggleLocale } = useLocale();
  return (
    <Button variant="subtle" size="compact-md" onClick={toggleLocale} lang={locale === 'fa' ? 'en' : 'fa'}>
      {t('locale.switch')}
    </Button>
  );
}
