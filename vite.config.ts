import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

/**
 * Clears the previous build except `src/`. The Node world (tsconfig.node.json) compiles the renderer's pure
 * modules that unit tests import into out/renderer/src, and being incremental it never writes them again
 * while they are unchanged: vite's emptyOutDir would delete them for good.
 */
function clearPreviousBuild(): Plugin {
  return {
    name: 'clear-previous-build',
    apply: 'build',
    buildStart() {
      if (!existsSync(outDir)) return;
      for (const entry of readdirSync(outDir)) if (entry !== 'src') rmSync(`${outDir}/${entry}`, { recursive: true, force: true });
    },
  };
}

// The renderer is served from file:// in Electron and from the headless UI server over HTTP,
// so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), clearPreviousBuild()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: false,
    sourcemap: true,
    target: 'es2022',
  },
});
