import type { HandlerRegistry } from '../../api/types';
import { collectStats } from './stats';
import { checkDiskEncryption } from './disk-encryption';

export const systemHandlers: Pick<HandlerRegistry, 'system.stats' | 'system.diskEncryption'> = {
  'system.stats': (_input, ctx) => collectStats(ctx.db),
  'system.diskEncryption': async (_input, ctx) => {
    if (!ctx.database) throw new Error('this router was built without its database: the disk check is unavailable');
    return checkDiskEncryption(ctx.database.path);
  },
};
