/**
 * Pure-JS libraries bundled into the main process's file instead of loaded from node_modules at
 * start: resolving and compiling kysely's and zod's hundreds of module files costs a large part
 * of every start (`npm run bench`, "host start to first served page"). Native (better-sqlite3)
 * and lazily loaded (jimp) libraries stay in node_modules. Shared by electron.vite.config.ts and
 * the bench's build of the CLI host.
 */
export const BUNDLED_DEPENDENCIES = ['kysely', 'zod', '@persian-tools/persian-tools', 'jalaali-js'];
