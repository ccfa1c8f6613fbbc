import type { HandlerRegistry } from './types';
import { authHandlers } from '../services/auth/handlers';
import { staffHandlers } from '../services/staff/handlers';
import { referenceHandlers } from '../services/reference/handlers';
import { referenceEditingHandlers } from '../services/reference/editing';
import { systemHandlers } from '../services/system/handlers';
import { caseHandlers } from '../services/cases/handlers';
import { intakeHandlers } from '../services/intake/handlers';
import { ticketHandlers } from '../services/tickets/handlers';
import { settingsHandlers } from '../services/settings/handlers';
import { trustHandlers } from '../services/trust/handlers';
import { queueHandlers } from '../services/queue/handlers';
import { syncHandlers } from '../services/sync/handlers';

/** One handler per contract method; a missing one is a type error here. */
export const handlers: HandlerRegistry = {
  ...authHandlers,
  ...staffHandlers,
  ...referenceHandlers,
  ...referenceEditingHandlers,
  ...systemHandlers,
  ...caseHandlers,
  ...intakeHandlers,
  ...ticketHandlers,
  ...settingsHandlers,
  ...trustHandlers,
  ...queueHandlers,
  ...syncHandlers,
};
