import { ComingSoon } from '../../components/ComingSoon';

export function QueueScreen() {
  return <ComingSoon titleKey="nav.queue" />;
}
