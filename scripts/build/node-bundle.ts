import { build } from 'vite';
import { BUNDLED_DEPENDENCIES } from './bundled-dependencies';

/**
 * Bundles entry points of src-main for plain Node the way Electron's main bundle is made
 * (electron.vite.config.ts): the pure-JS libraries inside, native and lazily loaded ones left
 * in node_modules. The bench measures these builds, not tsx-loaded sources: tsx's loader and
 * its compiled copies cost start-up time and ~80 MB of memory per thread that the app never pays.
 */
export async function bundleForNode(entries: Record<string, string>, outDir: string, fileNames: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'error',
    ssr: { noExternal: BUNDLED_DEPENDENCIES },
    build: {
      ssr: true, outDir, emptyOutDir: true, target: 'node20', minify: false,
      rollupOptions: { input: entries, output: { entryFileNames: fileNames, format: 'es' } },
    },
  });
}
