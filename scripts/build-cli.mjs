#!/usr/bin/env node
/**
 * Bundles the command line (src/main/cli/main.ts) and the worker entries it forks
 * (training and inference) with esbuild into out/cli/, as ES modules split into chunks, npm
 * packages left external. A command then loads only its own chunk: `benchtop runs` and
 * `benchtop --help` never load TensorFlow.js, sharp or the web server, and nothing is compiled
 * at start (bin/benchtop.mjs used to run the TypeScript through tsx every time).
 *
 * out/cli/manifest.json lists every source file that went in, with the build time; bin/benchtop.mjs
 * uses the bundle only while none of them is newer (else it runs the sources through tsx).
 *
 * Usage: node scripts/build-cli.mjs [--if-stale] [--quiet]
 * `npm install`/`npm ci` (postinstall) and `npm test` (pretest) run it; bin/benchtop.mjs runs it
 * itself on first use when out/cli/ is missing.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_DIR = path.join(root, 'out', 'cli')
const MANIFEST = 'manifest.json'

/** True when out/cli/ is missing or a source it was built from changed since. */
export function cliBundleStale() {
  try {
    const manifest = JSON.parse(readFileSync(path.join(CLI_DIR, MANIFEST), 'utf8'))
    return manifest.inputs.some((file) => statSync(path.join(root, file)).mtimeMs > manifest.builtMs)
  } catch {
    return true
  }
}

/**
 * Builds out/cli/ (or `outDir`) into a temporary folder renamed into place, so a concurrent run
 * never sees half a bundle. Returns esbuild's metafile.
 */
export async function buildCli({ quiet = false, outDir = CLI_DIR } = {}) {
  const { build } = await import('esbuild')
  const builtMs = Date.now()
  const temp = `${outDir}.tmp-${process.pid}`
  rmSync(temp, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/main/cli/main.ts',
      worker: 'src/main/training/worker.ts',
      inferenceWorker: 'src/main/inference/worker.ts',
    },
    outdir: temp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  })
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'))
  writeFileSync(path.join(temp, MANIFEST), JSON.stringify({ builtMs, inputs }, null, 1) + '\n')
  mkdirSync(path.dirname(outDir), { recursive: true })
  rmSync(outDir, { recursive: true, force: true })
  try {
    renameSync(temp, outDir)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    // Another process renamed its own build into place first: theirs is as good.
    if (outDir !== CLI_DIR || cliBundleStale()) throw error
  }
  if (!quiet) console.log(`benchtop cli: bundled ${inputs.length} source files into ${path.relative(root, outDir)}/`)
  return result.metafile
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const quiet = args.includes('--quiet')
  if (args.includes('--if-stale') && !cliBundleStale()) process.exit(0)
  try {
    await buildCli({ quiet })
  } catch (error) {
    // Never fail an install over it: bin/benchtop.mjs falls back to the sources.
    console.warn(`warning: the command line was not bundled (${error instanceof Error ? error.message.split('\n')[0] : error}); bin/benchtop.mjs runs the TypeScript sources instead`)
  }
}
