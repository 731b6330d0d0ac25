// electron-vite: main (with the training worker as a second entry), preload, renderer. better-sqlite3 stays external
// (a native module, unpacked from ASAR by the packager); the worker runs in an Electron utility process.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  main: {
    build: {
      outDir: path('./out/main'),
      externalizeDeps: true,
      rollupOptions: {
        input: { main: path('./src-main/app/main.ts'), worker: path('./src-main/worker/worker.ts') },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: path('./out/preload'),
      // A sandboxed preload cannot require() from node_modules: bundle zod and the API module into it.
      externalizeDeps: false,
      rollupOptions: { input: { preload: path('./src-main/app/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: path('./src-renderer'),
    plugins: [vue()],
    build: { outDir: path('./out/renderer'), rollupOptions: { input: path('./src-renderer/index.html') } },
  },
})
