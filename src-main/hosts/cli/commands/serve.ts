import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { CommandSpec } from '../index';
import { startBrowserHost } from '../../http/server';
import { UsageError } from '../errors';
import { startBackupSchedule } from '../../../services/trust/backups';
import { systemClock } from '../../../services/clock';

export const RENDERER_DIR = fileURLToPath(new URL('../../../../out/renderer', import.meta.url));

export const serveCommand: CommandSpec = {
  options: { port: { type: 'string' }, 'renderer-dir': { type: 'string' } },
  usage: '[--port P]   (the browser host on 127.0.0.1; prints the URL with its launch token)',
  prewarm: true,
  async run(app, values, io) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    const rendererDir = (values['renderer-dir'] as string | undefined) ?? RENDERER_DIR;
    if (!existsSync(rendererDir)) throw new UsageError(`the renderer is not built (${rendererDir} is missing): run npm run build first`);
    const host = await startBrowserHost({ router: app.router, rendererDir, port });
    const stopBackups = startBackupSchedule(app.database, { clock: systemClock, onError: (e) => io.err(`scheduled backup failed: ${e instanceof Error ? e.message : String(e)}`) });
    io.out(`Kara Desk is served at ${host.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stopBackups();
    await host.close();
    return 0;
  },
};
