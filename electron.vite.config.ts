import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Training and inference run in their own processes, never in main: each is its own entry.
        input: {
          index: resolve('src/main/index.ts'),
          worker: resolve('src/main/training/worker.ts'),
          inferenceWorker: resolve('src/main/inference/worker.ts'),
        },
      },
    },
  },
  // Sandboxed windows run the preload as a classic script: it must be CommonJS, not an ES module.
  preload: { build: { rollupOptions: { output: { format: 'cjs' } } } },
  renderer: {
    plugins: [vue()],
  },
})
