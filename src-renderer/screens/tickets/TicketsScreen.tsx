import { ComingSoon } from '../../components/ComingSoon';

export function TicketsScreen() {
  return <ComingSoon titleKey="nav.tickets" />;
}
