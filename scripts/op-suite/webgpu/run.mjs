#!/usr/bin/env node
/**
 * `npm run test:ops:webgpu`: tfjs-core's own op tests against the `webgpu` backend (Dawn), for
 * every kernel the experiments train with (kernels.mjs). Here on SwiftShader, Debian chromium's
 * software Vulkan driver; with --hardware on the machine's GPU (scripts/gpu-check.sh). Ends with
 * one JSON line {"passed":N,"failed":N,"excluded":N[,"skipped":"why"]}; exit code 0 only when nothing failed.
 *
 *   node scripts/op-suite/webgpu/run.mjs [--hardware] [--grep TEXT]
 *
 * Without --hardware and without VK_ICD_FILENAMES it points Dawn at SwiftShader. Where SwiftShader
 * is absent it skips, saying why; under CI=true that is a failure.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..', '..')
const opsDir = path.join(root, 'node_modules', '@tensorflow', 'tfjs-core', 'dist', 'ops')
const outfile = path.join(root, 'node_modules', '.cache', 'benchtop-op-suite', `webgpu-suite-${process.pid}.mjs`)
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

function finish(counts, skipped) {
  rmSync(outfile, { force: true })
  console.log(JSON.stringify({ passed: counts.passed, failed: counts.failed, excluded: counts.excluded, ...(skipped ? { skipped } : {}) }))
  process.exit(counts.failed === 0 ? 0 : 1)
}

function parseArgs(argv) {
  const options = { hardware: false }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' && i + 1 < argv.length) options.grep = argv[++i]
    else if (argv[i] === '--hardware') options.hardware = true
    else {
      console.log(`op-suite (webgpu): FAILED: unknown argument ${JSON.stringify(argv[i])} (usage: node scripts/op-suite/webgpu/run.mjs [--hardware] [--grep TEXT])`)
      finish({ passed: 0, failed: 1, excluded: 0 })
    }
  }
  return options
}

function testFiles(dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...testFiles(file))
    else if (entry.name.endsWith('_test.js')) found.push(file)
  }
  return found.sort()
}

/** tfjs-core, the cpu and webgpu backends and Dawn come from Node (CommonJS, as in the app); the test files are bundled. */
const nodeResolvedPackages = {
  name: 'node-resolved-packages',
  setup(build) {
    build.onResolve({ filter: /^(@tensorflow\/tfjs-(core|backend-cpu|backend-webgpu)|webgpu)$/ }, (args) => ({ path: args.path, external: true }))
  },
}

async function bundle() {
  const { build } = await import('esbuild')
  const imports = testFiles(opsDir).map((f) => `import ${JSON.stringify(f)}`)
  const entry = ["import '../jasmine-globals.mjs'", "export { runSuite, openAdapter } from './suite.mjs'", ...imports].join('\n')
  mkdirSync(path.dirname(outfile), { recursive: true })
  await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'op-suite-webgpu-entry.mjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    plugins: [nodeResolvedPackages],
    ignoreAnnotations: true,
    banner: { js: "import { createRequire as __opSuiteRequire } from 'node:module'; const require = __opSuiteRequire(import.meta.url);" },
    logLevel: 'error',
  })
  return imports.length
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  if (!options.hardware && !process.env.VK_ICD_FILENAMES) {
    if (!existsSync(SWIFTSHADER_ICD)) {
      const why = `SwiftShader's Vulkan ICD (${SWIFTSHADER_ICD}) is absent: install Debian's chromium package`
      if (process.env.CI === 'true') {
        console.log(`op-suite (webgpu): FAILED: ${why} (required under CI=true)`)
        finish({ passed: 0, failed: 1, excluded: 0 })
      }
      console.log(`op-suite (webgpu): skipped: ${why}`)
      finish({ passed: 0, failed: 0, excluded: 0 }, why)
    }
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
  }
  if (!process.env.XDG_RUNTIME_DIR) {
    process.env.XDG_RUNTIME_DIR = path.join(os.tmpdir(), `benchtop-xdg-${process.getuid?.() ?? 0}`)
    mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 })
  }
  const t0 = performance.now()
  const files = await bundle()
  console.log(`op-suite (webgpu): bundled ${files} tfjs-core test files in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const { runSuite, openAdapter } = await import(pathToFileURL(outfile).href)
  console.log(`op-suite (webgpu): adapter ${await openAdapter(options)}`)
  const counts = await runSuite(options)
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  console.log(`op-suite (webgpu): ${counts.passed} passed, ${counts.failed} failed, ${counts.excluded} excluded${counts.pending ? `, ${counts.pending} pending in tfjs-core` : ''} (${seconds} s)`)
  finish(counts)
}

main().catch((error) => {
  console.log(`op-suite (webgpu): FAILED: ${error instanceof Error ? error.stack : String(error)}`)
  finish({ passed: 0, failed: 1, excluded: 0 })
})
