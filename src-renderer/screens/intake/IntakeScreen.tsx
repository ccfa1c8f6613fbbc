import { ComingSoon } from '../../components/ComingSoon';

export function IntakeScreen() {
  return <ComingSoon titleKey="nav.intake" />;
}
