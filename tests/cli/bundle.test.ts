/**
 * The bundled command line (scripts/build-cli.mjs -> out/cli/): commands that do not train or
 * detect never load TensorFlow.js, sharp or the web server at start, and bin/benchtop.mjs runs
 * the bundle.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { buildCli, cliBundleStale } from '../../scripts/build-cli.mjs'

const run = promisify(execFile)
const root = path.resolve(__dirname, '..', '..')
const temp = mkdtempSync(path.join(os.tmpdir(), 'benchtop-cli-bundle-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

interface Metafile {
  outputs: Record<string, { entryPoint?: string; imports: Array<{ path: string; kind: string; external?: boolean }> }>
}

/** npm packages reachable from an output file through static imports only (what loading it loads). */
function staticPackages(metafile: Metafile, start: string): Set<string> {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const file = stack.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    for (const i of metafile.outputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue
      if (i.external) packages.add(i.path)
      else stack.push(i.path)
    }
  }
  return packages
}

describe('the bundled command line', () => {
  it('loads no heavy package at start: every command imports its own module when it runs', async () => {
    const metafile = (await buildCli({ quiet: true, outDir: path.join(temp, 'cli') })) as Metafile
    const main = Object.keys(metafile.outputs).find((f) => metafile.outputs[f].entryPoint === 'src/main/cli/main.ts')
    expect(main).toBeDefined()
    const loaded = [...staticPackages(metafile, main!)].filter((p) => !p.startsWith('node:'))
    expect(loaded.filter((p) => /^@tensorflow\/|^sharp$|^ws$|^@vladmandic\//.test(p))).toEqual([])
    // The worker entries are there too: the training and inference processes fork them.
    const entries = Object.values(metafile.outputs).map((o) => o.entryPoint).filter(Boolean)
    expect(entries).toEqual(expect.arrayContaining(['src/main/training/worker.ts', 'src/main/inference/worker.ts']))
  }, 120_000)

  it('bin/benchtop.mjs runs `runs` and `--help` from the bundle', async () => {
    if (cliBundleStale()) await buildCli({ quiet: true }) // `npm test` builds it first (pretest)
    const env = { ...process.env, BENCHTOP_HOME: path.join(temp, 'home'), BENCHTOP_CLI_SOURCE: '', BENCHTOP_DEBUG: '1' }
    const help = await run(process.execPath, [path.join(root, 'bin', 'benchtop.mjs'), '--help'], { env, cwd: root })
    expect(help.stdout).toMatch(/Usage: benchtop COMMAND/)
    expect(help.stderr).not.toMatch(/running the TypeScript sources/)
    const runs = await run(process.execPath, [path.join(root, 'bin', 'benchtop.mjs'), 'runs', '--json'], { env, cwd: root })
    expect(JSON.parse(runs.stdout)).toEqual([])
  }, 120_000)
})
