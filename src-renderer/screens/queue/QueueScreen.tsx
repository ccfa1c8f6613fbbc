import { useSubPath } from '../../app/router';
import { QueueList } from './QueueList';
import { CasePage } from './CasePage';

/** `#/queue` is the list; `#/queue/case/<caseId>[/<action>]` the case page (other areas link there). */
export function QueueScreen() {
  const [first, caseId, action] = useSubPath();
  if (first === 'case' && caseId) return <CasePage key={caseId} caseId={caseId} preselect={action} />;
  return <QueueList />;
}
