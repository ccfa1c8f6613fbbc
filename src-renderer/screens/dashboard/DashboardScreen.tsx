import { ComingSoon } from '../../components/ComingSoon';

export function DashboardScreen() {
  return <ComingSoon titleKey="nav.dashboard" />;
}
