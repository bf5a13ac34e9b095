#!/usr/bin/env node
// The `benchtop` command. Runs the bundled command line in out/cli/ (scripts/build-cli.mjs: plain
// JavaScript, each command's heavy modules loaded only by that command), building it on first use.
// In a checkout whose sources changed since that build, runs the TypeScript through tsx instead
// (slower to start, always current); `npm test` and `node scripts/build-cli.mjs` rebuild it.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bundle = path.join(root, 'out', 'cli')

/** 'fresh', 'stale' (a source changed since the build) or 'missing'. */
function bundleState() {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8'))
  } catch {
    return 'missing'
  }
  try {
    for (const file of manifest.inputs) if (statSync(path.join(root, file)).mtimeMs > manifest.builtMs) return 'stale'
  } catch {
    return 'stale' // a source was removed or renamed
  }
  return existsSync(path.join(bundle, 'main.js')) ? 'fresh' : 'missing'
}

let state = process.env.BENCHTOP_CLI_SOURCE === '1' ? 'stale' : bundleState()
if (state === 'missing' && existsSync(path.join(root, 'src', 'main', 'cli', 'main.ts'))) {
  try {
    const { buildCli } = await import(pathToFileURL(path.join(root, 'scripts', 'build-cli.mjs')).href)
    await buildCli({ quiet: true })
    state = bundleState()
  } catch {
    // No esbuild or a read-only checkout: run the sources.
  }
}

let main
if (state === 'fresh') {
  ;({ main } = await import(pathToFileURL(path.join(bundle, 'main.js')).href))
} else {
  if (process.env.BENCHTOP_DEBUG) process.stderr.write(`benchtop: running the TypeScript sources (the bundle in out/cli is ${state})\n`)
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import(pathToFileURL(path.join(root, 'src', 'main', 'cli', 'main.ts')).href))
}
process.exitCode = await main(process.argv.slice(2))
