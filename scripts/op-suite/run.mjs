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
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')
const opsDir = path.join(root, 'node_modules', '@tensorflow', 'tfjs-core', 'dist', 'ops')
// Inside the package folder, so the bundled src/main/paths.ts finds Benchtop's root from it; one
// per process, so two runs at once (npm test and npm run test:ops) never load each other's.
const outfile = path.join(root, 'node_modules', '.cache', 'benchtop-op-suite', `suite-${process.pid}.mjs`)
const addonFile = path.join(root, 'build', 'Release', 'benchtop_native.node')

function finish(counts) {
  rmSync(outfile, { force: true })
  console.log(JSON.stringify({ passed: counts.passed, failed: counts.failed, excluded: counts.excluded }))
  process.exit(counts.failed === 0 ? 0 : 1)
}

function parseArgs(argv) {
  const options = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' && i + 1 < argv.length) options.grep = argv[++i]
    else {
      console.log(`op-suite: FAILED: unknown argument ${JSON.stringify(argv[i])} (usage: node scripts/op-suite/run.mjs [--grep TEXT])`)
      finish({ passed: 0, failed: 1, excluded: 0 })
    }
  }
  return options
}

/** Every *_test.js under dir, as paths relative to the entry's folder. */
function testFiles(dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...testFiles(file))
    else if (entry.name.endsWith('_test.js')) found.push(file)
  }
  return found.sort()
}

/** Leaves the bare package names to Node (its CommonJS builds, as in the app); bundles their dist/ files. */
const nodeResolvedPackages = {
  name: 'node-resolved-packages',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-cpu)$/ }, (args) => ({ path: args.path, external: true }))
  },
}

async function bundle() {
  const { build } = await import('esbuild')
  const imports = testFiles(opsDir).map((f) => `import ${JSON.stringify(f)}`)
  const entry = ["import './jasmine-globals.mjs'", "export { runSuite } from './suite.mjs'", ...imports].join('\n')
  mkdirSync(path.dirname(outfile), { recursive: true })
  await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'op-suite-entry.mjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    plugins: [nodeResolvedPackages],
    // tfjs-core's package.json says its test files have no side effects; registering specs is one.
    ignoreAnnotations: true,
    // The bundled CommonJS parts (jasmine-core, tfjs-core's jasmine_util) call require().
    banner: { js: "import { createRequire as __opSuiteRequire } from 'node:module'; const require = __opSuiteRequire(import.meta.url);" },
    logLevel: 'error',
  })
  return imports.length
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  if (!existsSync(addonFile)) {
    console.log(`op-suite: FAILED: the native addon is not built (${addonFile} is missing); build it with \`node scripts/build-native.mjs\``)
    finish({ passed: 0, failed: 1, excluded: 0 })
  }
  const t0 = performance.now()
  const files = await bundle()
  console.log(`op-suite: bundled ${files} tfjs-core test files in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const { runSuite } = await import(pathToFileURL(outfile).href)
  const counts = await runSuite(options)
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  console.log(`op-suite: ${counts.passed} passed, ${counts.failed} failed, ${counts.excluded} excluded${counts.pending ? `, ${counts.pending} pending in tfjs-core` : ''} (${seconds} s)`)
  finish(counts)
}

main().catch((error) => {
  console.log(`op-suite: FAILED: ${error instanceof Error ? error.stack : String(error)}`)
  finish({ passed: 0, failed: 1, excluded: 0 })
})
