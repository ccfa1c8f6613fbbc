// Child process of the crash test: opens the database, says "ready", imports the bundle.
import { openDatabase } from '../../../src-main/db/connection';
import { importBundle } from '../../../src-main/services/sync/import';

const [dbPath, bundle] = process.argv.slice(2);
const database = await openDatabase({ path: dbPath! });
process.stdout.write('ready\n');
const started = performance.now();
// Kills land in the bulk path too: the screens' indexes dropped, then built again, in the one transaction.
const r = await importBundle(database.db, bundle!, { now: '2020-08-02T06:30:00.000Z', deferIndexesFrom: 1 });
await database.close();
process.stdout.write(`done ${r.summary.newCases} in ${Math.round(performance.now() - started)} ms\n`);
