import type { ComponentType } from 'react';
import type { Area } from '../../app/router';
import { IntakeScreen } from '../intake/IntakeScreen';
import { QueueScreen } from '../queue/QueueScreen';
import { TicketsScreen } from '../tickets/TicketsScreen';
import { SyncScreen } from '../sync/SyncScreen';
import { AdminScreen } from '../admin/AdminScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';

/** One screen per navbar area; a later issue replaces the placeholder file, not this table. */
export const SCREENS: Record<Area, ComponentType> = {
  intake: IntakeScreen,
  queue: QueueScreen,
  tickets: TicketsScreen,
  sync: SyncScreen,
  admin: AdminScreen,
  dashboard: DashboardScreen,
};
