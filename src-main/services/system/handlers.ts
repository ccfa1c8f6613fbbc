import type { HandlerRegistry } from '../../api/types';
import { collectStats } from './stats';

export const systemHandlers: Pick<HandlerRegistry, 'system.stats'> = {
  'system.stats': (_input, ctx) => collectStats(ctx.db),
};
