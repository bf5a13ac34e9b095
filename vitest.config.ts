import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  // Component tests mount .vue files.
  plugins: [vue()],
  test: {
    include: ['tests/**/*.test.ts'],
    // A temporary folder per test file, removed when the file ends (tests/setup/tempDir.ts).
    setupFiles: ['tests/setup/tempDir.ts'],
    // Training children and sharp decoding are CPU-bound on a 2-core machine: keep suites in few workers.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The native backend fills each recycled output array with NaN before reuse (and recycles even
    // small ones), so a native kernel that leaves an output element unwritten fails its tests.
    env: { BENCHTOP_POISON_RECYCLED: '1' },
  },
})
