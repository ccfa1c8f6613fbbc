import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { BUNDLED_DEPENDENCIES } from './scripts/build/bundled-dependencies';

// KARA_OUT_DIR lets parallel test runs build apart (default: out/).
const outDir = resolve(__dirname, process.env.KARA_OUT_DIR ?? 'out');

/** zod's sources carry comments Rollup cannot place as annotations; it drops them, harmlessly. */
function quietAnnotations(warning: { code?: string }, warn: (w: never) => void): void {
  if (warning.code !== 'INVALID_ANNOTATION') warn(warning as never);
}

// Main and preload are bundled for Electron; the renderer is a plain web build that both
// the Electron window and the loopback browser host serve from out/renderer.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin({ exclude: BUNDLED_DEPENDENCIES })],
    build: {
      outDir: resolve(outDir, 'main'),
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/main.ts'), 'sync-worker': resolve(__dirname, 'src-main/sync/worker.ts') },
        onwarn: quietAnnotations,
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: resolve(outDir, 'preload'),
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(outDir, 'renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
