#!/usr/bin/env node
// `npm start`: build and launch the Electron app; where Electron cannot start, say why and what to use instead.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const require = createRequire(import.meta.url)

/**
 * The Electron binary if it was downloaded. Reads the package's path.txt instead of requiring
 * `electron`, whose index.js tries to download a missing binary (and fails offline).
 */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'))
    const pathFile = path.join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function fallback(reason) {
  console.error(`Benchtop cannot open its window here: ${reason}.`)
  console.error('Use the web mode instead: the same app in a browser, served on 127.0.0.1 only:')
  console.error('')
  console.error('  npx benchtop serve')
  console.error('')
  console.error('or the command line (npx benchtop --help).')
  process.exit(1)
}

const binary = electronBinary()
if (!binary) fallback('the Electron binary is not installed (it was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1)')
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) fallback('no display is available ($DISPLAY is not set)')

const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const app = spawnSync(binary, [root], { cwd: root, stdio: 'inherit' })
process.exit(app.status ?? 0)
