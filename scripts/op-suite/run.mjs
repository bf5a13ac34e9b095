#!/usr/bin/env node
/**
 * `npm run test:ops`: tfjs-core's own op tests (dist/ops/**\/*_test.js, jasmine) against the
 * `native` backend, for every kernel it implements natively (see kernel-tests.mjs and README.md).
 * Bundles them with esbuild (they import extensionless paths Node cannot load), runs them with
 * jasmine-core in this process, prints each failure and ends with one JSON line
 * {"passed":N,"failed":N,"excluded":N}. Exit code 0 only when nothing failed.
 *
 *   node scripts/op-suite/run.mjs [--grep TEXT]   # TEXT: run only the selected specs whose name contains it
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleAndRun, finisher, parseArgs } from './bundle.mjs'

// Recycled output arrays come back full of NaN (see src/main/engine/native/recyclingBackend.ts):
// a kernel that leaves an element of its output unwritten fails tfjs's tests.
process.env.BENCHTOP_POISON_RECYCLED ??= '1'
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')
// Inside the package folder, so the bundled src/main/paths.ts finds Benchtop's root from it; one
// per process, so two runs at once (npm test and npm run test:ops) never load each other's.
const outfile = path.join(root, 'node_modules', '.cache', 'benchtop-op-suite', `suite-${process.pid}.mjs`)
const addonFile = path.join(root, 'build', 'Release', 'benchtop_native.node')
const label = 'op-suite'
const finish = finisher(outfile)

async function main() {
  const options = parseArgs(process.argv.slice(2), { label, usage: 'node scripts/op-suite/run.mjs [--grep TEXT]', finish })
  if (!existsSync(addonFile)) {
    console.log(`${label}: FAILED: the native addon is not built (${addonFile} is missing); build it with \`node scripts/build-native.mjs\``)
    finish({ passed: 0, failed: 1, excluded: 0 })
  }
  await bundleAndRun({
    label,
    options,
    finish,
    bundleOptions: {
      root,
      resolveDir: here,
      sourcefile: 'op-suite-entry.mjs',
      outfile,
      setupLines: ["import './jasmine-globals.mjs'", "export { runSuite } from './suite.mjs'"],
      // tfjs-core and the cpu backend come from Node (CommonJS, as in the app); the test files are bundled.
      external: /^@tensorflow\/tfjs-(core|backend-cpu)$/,
    },
  })
}

main().catch((error) => {
  console.log(`${label}: FAILED: ${error instanceof Error ? error.stack : String(error)}`)
  finish({ passed: 0, failed: 1, excluded: 0 })
})
