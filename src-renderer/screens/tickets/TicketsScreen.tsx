import { TicketQueue } from './TicketQueue';
import { FileTicket } from './FileTicket';
import { TicketPage } from './TicketPage';
import { useSubPath } from '../../app/router';

/**
 * Sub-routes: `#/tickets` (the queue), `#/tickets/new?case=<caseId>` (filing, linked from
 * intake) and `#/tickets/<ticketId>` (one ticket).
 */
export function TicketsScreen() {
  const [first] = useSubPath();
  if (!first) return <TicketQueue />;
  const [head, query = ''] = first.split('?');
  if (head === 'new') return <FileTicket caseId={new URLSearchParams(query).get('case') ?? ''} />;
  return <TicketPage ticketId={head!} />;
}

export function ticketHref(ticketId: string): string {
  return `#/tickets/${encodeURIComponent(ticketId)}`;
}

export function newTicketHref(caseId: string): string {
  return `#/tickets/new?case=${encodeURIComponent(caseId)}`;
}
