// Development entry of the sync worker (tsx, vitest, the CLI): loads worker.ts through tsx.
// The Electron build bundles worker.ts itself as out/main/sync-worker.js.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
