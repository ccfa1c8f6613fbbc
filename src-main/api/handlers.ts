import type { HandlerRegistry } from './types';
import { authHandlers } from '../services/auth/handlers';
import { staffHandlers } from '../services/staff/handlers';
import { referenceHandlers } from '../services/reference/handlers';
import { systemHandlers } from '../services/system/handlers';
import { caseHandlers } from '../services/cases/handlers';
import { intakeHandlers } from '../services/intake/handlers';

/** One handler per contract method; a missing one is a type error here. */
export const handlers: HandlerRegistry = {
  ...authHandlers,
  ...staffHandlers,
  ...referenceHandlers,
  ...systemHandlers,
  ...caseHandlers,
  ...intakeHandlers,
};
