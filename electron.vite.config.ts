// Three build targets: the Electron main process (with the headless CLI), the preload bridge and the
// React renderer. Runtime dependencies of main stay external and load from node_modules.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          cli: resolve(root, 'src/main/cli.ts'),
          // Started as a worker thread by store/checkpoint-thread.ts, which finds it in out/main.
          'checkpoint-worker': resolve(root, 'src/main/store/checkpoint-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      // Sandboxed preload scripts must be CommonJS.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified; the web console sends this bundle over HTTP and
      // both front doors parse it at every start, so it is minified (esbuild, JS and CSS).
      minify: 'esbuild',
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
