#!/usr/bin/env node
// Builds Benchtop's native kernels (build/Release/benchtop_native.node) with node-gyp.
//
//   node scripts/build-native.mjs          build; on failure print a warning and exit 0 (the
//                                          package's `install` script: `npm ci` never fails here)
//   node scripts/build-native.mjs --strict build; exit non-zero on failure
//   node scripts/build-native.mjs --gyp defines|libraries|include_dirs|cflags
//                                          print one list for binding.gyp (BLAS and flag detection)
//   node scripts/build-native.mjs --detect print what the detection found, as JSON
//
// Environment: BENCHTOP_SKIP_NATIVE=1 skips the build; BENCHTOP_BLAS=openblas|accelerate|builtin
// forces a BLAS (default: detect; a forced BLAS that does not link falls back to builtin).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const addon = path.join(root, 'build', 'Release', 'benchtop_native.node')
/** Written when a build fails (src/main/engine/native/addon.ts reads it to say why). */
const FAILURE_FILE = path.join(root, 'build', 'native-build-failed.txt')

// ---------------------------------------------------------------------------------------------
// Detection: try to compile and link a small program against each candidate.

/** $CXX split into the command and its leading arguments ("ccache g++" works). */
function compiler() {
  const [command, ...args] = (process.env.CXX || 'c++').trim().split(/\s+/)
  return { command, args }
}

function compiles(source, flags) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-detect-'))
  try {
    const file = path.join(dir, 'probe.cc')
    writeFileSync(file, source)
    const { command, args } = compiler()
    const result = spawnSync(command, [...args, file, '-o', path.join(dir, 'probe'), ...flags], { encoding: 'utf8', timeout: 60_000 })
    return result.status === 0
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const OPENBLAS_PROBE = `#include <cblas.h>
extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_corename(void);
int main() {
  float a[4] = {1, 2, 3, 4}, b[4] = {1, 0, 0, 1}, c[4] = {0, 0, 0, 0};
  openblas_set_num_threads(1);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
  return (c[3] == 4.0f && openblas_get_corename() != 0) ? 0 : 1;
}
`

const ACCELERATE_PROBE = `#define ACCELERATE_NEW_LAPACK 1
#include <Accelerate/Accelerate.h>
int main() {
  float a[4] = {1, 2, 3, 4}, b[4] = {1, 0, 0, 1}, c[4] = {0, 0, 0, 0};
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
  return c[3] == 4.0f ? 0 : 1;
}
`

function pkgConfig(name) {
  try {
    const result = spawnSync('pkg-config', ['--cflags', '--libs', name], { encoding: 'utf8', timeout: 10_000 })
    if (result.status === 0) return result.stdout.trim().split(/\s+/).filter(Boolean)
  } catch {
    // no pkg-config
  }
  return null
}

function openblasCandidates() {
  const candidates = []
  const fromPkgConfig = pkgConfig('openblas')
  if (fromPkgConfig) candidates.push(fromPkgConfig)
  candidates.push(['-lopenblas'])
  for (const dir of ['/usr/include/openblas', '/usr/local/include/openblas', '/opt/homebrew/opt/openblas/include', '/usr/local/opt/openblas/include']) {
    if (existsSync(path.join(dir, 'cblas.h'))) {
      const lib = path.join(path.dirname(dir), 'lib')
      candidates.push([`-I${dir}`, `-L${lib}`, '-lopenblas'])
    }
  }
  return candidates
}

function marchFlags() {
  if (os.arch() !== 'x64') return []
  const trivial = 'int main() { return 0; }\n'
  // x86-64-v2 (SSE4.2, POPCNT; every x86-64 CPU since ~2009): safe for CI machines. Never -march=native.
  if (compiles(trivial, ['-march=x86-64-v2'])) return ['-march=x86-64-v2']
  if (compiles(trivial, ['-msse4.2', '-mpopcnt'])) return ['-msse4.2', '-mpopcnt']
  return []
}

function detect() {
  if (process.env.BENCHTOP_BLAS_DETECTED) {
    try {
      return JSON.parse(process.env.BENCHTOP_BLAS_DETECTED)
    } catch {
      // detect again
    }
  }
  const wanted = (process.env.BENCHTOP_BLAS || 'auto').toLowerCase()
  const result = { blas: 'builtin', defines: ['BENCHTOP_NO_BLAS'], libraries: [], include_dirs: [], cflags: [], notes: [] }
  if (process.platform === 'win32') {
    result.notes.push('BLAS detection is not implemented on Windows: using the builtin GEMM')
    return result
  }
  result.cflags = marchFlags()
  if (wanted === 'builtin') return result
  if ((wanted === 'auto' && process.platform === 'darwin') || wanted === 'accelerate') {
    if (compiles(ACCELERATE_PROBE, ['-framework', 'Accelerate'])) {
      return { ...result, blas: 'accelerate', defines: ['BENCHTOP_BLAS_ACCELERATE'], libraries: ['-framework Accelerate'] }
    }
    result.notes.push('Accelerate did not link')
  }
  if (wanted === 'auto' || wanted === 'openblas') {
    for (const flags of openblasCandidates()) {
      if (compiles(OPENBLAS_PROBE, flags)) {
        return {
          ...result,
          blas: 'openblas',
          defines: ['BENCHTOP_BLAS_OPENBLAS'],
          include_dirs: flags.filter((f) => f.startsWith('-I')).map((f) => f.slice(2)),
          libraries: flags.filter((f) => !f.startsWith('-I')),
        }
      }
    }
    result.notes.push('OpenBLAS did not link (install libopenblas-dev)')
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// node-gyp

const require = createRequire(import.meta.url)

function findNodeGyp() {
  const local = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (existsSync(local)) return local
  try {
    return require.resolve('node-gyp/bin/node-gyp.js')
  } catch {
    // not a dependency here
  }
  // npm's bundled copy, next to the npm that runs this script.
  const npmCli = process.env.npm_execpath
  if (npmCli) {
    const bundled = path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
    if (existsSync(bundled)) return bundled
  }
  return null
}

// Node's own headers (official builds and distro packages install them under the prefix): with
// --nodedir node-gyp uses them instead of downloading a headers tarball, so the build works offline.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return []
  const prefix = path.resolve(path.dirname(process.execPath), '..')
  return existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
    ? [`--nodedir=${prefix}`]
    : []
}

// The most telling line of a failed build: a compiler error, else node-gyp's own.
function firstError(log) {
  const lines = log.split('\n')
  const compilerError = lines.find((line) => /\berror:/.test(line))
  if (compilerError) return compilerError.trim()
  const gypError = lines.find((line) => /gyp ERR! stack Error:/.test(line))
  if (gypError) return gypError.replace(/.*gyp ERR! stack Error:\s*/, '').trim()
  return lines.find((line) => /ERR!/.test(line))?.trim() ?? null
}

function lastLines(text, count) {
  return text.trim().split('\n').slice(-count).join('\n')
}

function build() {
  if (process.env.BENCHTOP_SKIP_NATIVE === '1') return { ok: false, reason: 'BENCHTOP_SKIP_NATIVE=1' }
  const gyp = findNodeGyp()
  if (!gyp) return { ok: false, reason: 'node-gyp was not found (neither in node_modules nor bundled with npm)' }
  const detected = detect()
  console.log(`benchtop native: BLAS ${detected.blas}${detected.notes.length ? ` (${detected.notes.join('; ')})` : ''}`)
  const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length))
  const result = spawnSync(process.execPath, [gyp, 'rebuild', `--jobs=${jobs}`, ...nodedirArgs()], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BENCHTOP_BLAS_DETECTED: JSON.stringify(detected) },
    timeout: 15 * 60_000,
  })
  if (result.error) return { ok: false, reason: `node-gyp did not run: ${result.error.message}` }
  if (result.status !== 0) {
    const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
    const first = firstError(log)
    return { ok: false, reason: `node-gyp rebuild exited with ${result.status}${first ? `: ${first}` : ''}`, log: lastLines(log, 30) }
  }
  if (!existsSync(addon)) return { ok: false, reason: `the build finished but ${path.relative(root, addon)} is missing` }
  // Load it in a child, so a broken binary (say, a missing libopenblas.so) is reported here.
  const check = spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addon)}).info()))`], { encoding: 'utf8' })
  if (check.status !== 0) return { ok: false, reason: `the addon was built but does not load: ${lastLines(check.stderr, 1)}` }
  return { ok: true, info: check.stdout.trim() }
}

const args = process.argv.slice(2)
if (args[0] === '--gyp') {
  const detected = detect()
  const list = detected[args[1]]
  if (!Array.isArray(list)) {
    console.error(`build-native: --gyp takes defines|libraries|include_dirs|cflags, not ${args[1]}`)
    process.exit(1)
  }
  console.log(list.join(' '))
} else if (args[0] === '--detect') {
  console.log(JSON.stringify(detect(), null, 2))
} else {
  const strict = args.includes('--strict')
  rmSync(FAILURE_FILE, { force: true })
  const outcome = build()
  if (outcome.ok) {
    console.log(`benchtop native: built ${path.relative(root, addon)} ${outcome.info}`)
  } else {
    if (outcome.log) console.warn(outcome.log)
    const warning = `warning: native kernels not built: ${outcome.reason}; Benchtop falls back to the wasm/cpu backends`
    console.warn(warning)
    // npm hides the output of an install script that succeeds: leave the reason where the doctor finds it.
    try {
      mkdirSync(path.dirname(FAILURE_FILE), { recursive: true })
      writeFileSync(FAILURE_FILE, `${warning}\n${outcome.log ? `\n${outcome.log}\n` : ''}`)
    } catch {
      // nowhere to write: the warning above is all there is
    }
    process.exitCode = strict ? 1 : 0
  }
}
