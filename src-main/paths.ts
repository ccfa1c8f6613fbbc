import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Kara Desk';
export const DATABASE_FILE = 'kara-desk.sqlite';

/** The same folder Electron's app.getPath('userData') gives for this product name. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** `--db PATH`, else KARA_DESK_DB, else the per-user app-data folder. */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KARA_DESK_DB ?? join(userDataDir(env), DATABASE_FILE);
}
