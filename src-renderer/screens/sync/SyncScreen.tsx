import { ComingSoon } from '../../components/ComingSoon';

export function SyncScreen() {
  return <ComingSoon titleKey="nav.sync" />;
}
