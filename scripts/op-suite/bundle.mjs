/**
 * What both op-suite runners (run.mjs for native, webgpu/run.mjs) share: finding tfjs-core's op
 * test files, bundling them with a suite's setup module (they import extensionless paths Node
 * cannot load), parsing the command line and printing the last JSON line.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Every *_test.js under dir, sorted (tfjs-core's runners go in file order). */
export function testFiles(dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...testFiles(file))
    else if (entry.name.endsWith('_test.js')) found.push(file)
  }
  return found.sort()
}

/**
 * A runner's exit: removes its bundle and prints {"passed","failed","excluded"[,"skipped"]} as the
 * last line (scripts/test.mjs reads it); exit code 0 only when nothing failed.
 */
export function finisher(outfile) {
  return (counts, skipped) => {
    rmSync(outfile, { force: true })
    console.log(JSON.stringify({ passed: counts.passed, failed: counts.failed, excluded: counts.excluded, ...(skipped ? { skipped } : {}) }))
    process.exit(counts.failed === 0 ? 0 : 1)
  }
}

/**
 * `--grep TEXT` plus the boolean flags a runner knows; anything else ends the run as one failure.
 * @returns {Record<string, string | boolean>}
 */
export function parseArgs(argv, { flags = [], label, usage, finish }) {
  const options = Object.fromEntries(flags.map((f) => [f, false]))
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].startsWith('--') ? argv[i].slice(2) : ''
    if (argv[i] === '--grep' && i + 1 < argv.length) options.grep = argv[++i]
    else if (flags.includes(flag)) options[flag] = true
    else {
      console.log(`${label}: FAILED: unknown argument ${JSON.stringify(argv[i])} (usage: ${usage})`)
      finish({ passed: 0, failed: 1, excluded: 0 })
    }
  }
  return options
}

/**
 * Bundles the setup lines and every op test file of tfjs-core into one ES module at outfile.
 * `external` names the packages left to Node (their CommonJS builds, as in the app), so the suite
 * registers its backend with the same tfjs-core the app uses. Returns the number of test files.
 */
export async function bundleOpTests({ root, resolveDir, setupLines, sourcefile, outfile, external }) {
  const { build } = await import('esbuild')
  const opsDir = path.join(root, 'node_modules', '@tensorflow', 'tfjs-core', 'dist', 'ops')
  const imports = testFiles(opsDir).map((f) => `import ${JSON.stringify(f)}`)
  mkdirSync(path.dirname(outfile), { recursive: true })
  await build({
    stdin: { contents: [...setupLines, ...imports].join('\n'), resolveDir, sourcefile, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    plugins: [{ name: 'node-resolved-packages', setup: (b) => b.onResolve({ filter: external }, (args) => ({ path: args.path, external: true })) }],
    // tfjs-core's package.json says its test files have no side effects; registering specs is one.
    ignoreAnnotations: true,
    // The bundled CommonJS parts (jasmine-core, tfjs-core's jasmine_util) call require().
    banner: { js: "import { createRequire as __opSuiteRequire } from 'node:module'; const require = __opSuiteRequire(import.meta.url);" },
    logLevel: 'error',
  })
  return imports.length
}

/**
 * Bundles, imports the bundle and runs its suite, timing it; `prepare(suite)` runs between import
 * and the specs (the webgpu runner opens its adapter there). Ends through finish().
 */
export async function bundleAndRun({ label, bundleOptions, options, finish, prepare }) {
  const t0 = performance.now()
  const files = await bundleOpTests(bundleOptions)
  console.log(`${label}: bundled ${files} tfjs-core test files in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const suite = await import(pathToFileURL(bundleOptions.outfile).href)
  if (prepare) await prepare(suite)
  const counts = await suite.runSuite(options)
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.excluded} excluded${counts.pending ? `, ${counts.pending} pending in tfjs-core` : ''} (${seconds} s)`)
  finish(counts)
}
