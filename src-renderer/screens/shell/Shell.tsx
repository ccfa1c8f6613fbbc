import { AppShell, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { hrefOf, NAV_BY_ROLE, useArea } from '../../app/router';
import { useActor, useSession } from '../../app/session';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useLocale } from '../../i18n/locale';
import { formatDate } from '../../i18n/format';
import { SCREENS } from './screens';
import { IdleLock } from './IdleLock';

export function Shell() {
  const { t, locale } = useLocale();
  const actor = useActor();
  const { logout } = useSession();
  const area = useArea(actor.role);
  const [navOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const Screen = SCREENS[area];
  const office = locale === 'fa' ? actor.officeNameFa : actor.officeNameEn;

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={700} size="lg">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Stack gap={0} visibleFrom="xs">
              <Text size="sm" data-testid="signed-in-as">
                {t('common.signedInAs', { name: actor.displayName, role: t(`role.${actor.role}`), office })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('common.today', { date: formatDate(new Date(), locale) })}
              </Text>
            </Stack>
            <LocaleSwitch />
            <Button variant="default" size="compact-md" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('nav.menu')}>
        {NAV_BY_ROLE[actor.role].map((item) => (
          <NavLink
            key={item}
            href={hrefOf(item)}
            label={t(`nav.${item}`)}
            active={item === area}
            aria-current={item === area ? 'page' : undefined}
            onClick={closeNav}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <Screen />
        <IdleLock />
      </AppShell.Main>
    </AppShell>
  );
}
