import { Button, Center, DirectionProvider, MantineProvider, Stack, useDirection } from '@mantine/core';
import { useLayoutEffect, type ReactNode } from 'react';
import { ClientProvider } from './app/client';
import { SessionProvider, useSession, type Phase } from './app/session';
import { theme, cssVariablesResolver } from './app/theme';
import { ErrorAlert } from './components/ErrorAlert';
import { Loading } from './components/Loading';
import { LocaleProvider, useLocale } from './i18n/locale';
import { ChangePasswordScreen } from './screens/auth/ChangePasswordScreen';
import { FirstRunScreen } from './screens/auth/FirstRunScreen';
import { LoginScreen } from './screens/auth/LoginScreen';
import { Shell } from './screens/shell/Shell';
import type { KaraClient } from './client';

/** `client` and `initialPhase` let a component test render the app against a fake API. */
export function App({ client, initialPhase }: { client?: KaraClient; initialPhase?: Phase }) {
  return (
    <LocaleProvider>
      <Themed>
        <ClientProvider client={client}>
          <SessionProvider initialPhase={initialPhase}>
            <Root />
          </SessionProvider>
        </ClientProvider>
      </Themed>
    </LocaleProvider>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { dir } = useLocale();
  return (
    <DirectionProvider initialDirection={dir} detectDirection={false}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <DirectionSync />
        {children}
      </MantineProvider>
    </DirectionProvider>
  );
}

/** Mantine keeps its own copy of the direction (for popovers and sliders); keep it in step. */
function DirectionSync() {
  const { dir } = useLocale();
  const { setDirection } = useDirection();
  useLayoutEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}

/** One screen per start-up phase; see app/session.tsx. */
function Root() {
  const { phase, refresh } = useSession();
  const { t } = useLocale();
  switch (phase.kind) {
    case 'loading':
      return <Loading />;
    case 'unavailable':
      return (
        <Center p="xl" component="main">
          <Stack>
            <ErrorAlert error={phase.error} />
            <Button onClick={() => void refresh()}>{t('common.retry')}</Button>
          </Stack>
        </Center>
      );
    case 'firstRun':
      return <FirstRunScreen />;
    case 'login':
      return <LoginScreen notice={phase.notice} />;
    case 'changePassword':
      return <ChangePasswordScreen />;
    case 'signedIn':
      return <Shell />;
  }
}
