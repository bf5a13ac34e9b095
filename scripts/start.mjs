#!/usr/bin/env node
// `npm start`: build and launch the Electron app; where Electron cannot start, say why and what to use instead.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when it was not downloaded.
    const binary = require('electron')
    return typeof binary === 'string' && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function fallback(reason) {
  console.error(`Benchtop cannot open its window here: ${reason}.`)
  console.error('Use the command line instead (the same core, no window):')
  console.error('  npx benchtop doctor')
  console.error('  npx benchtop run shapes-cnn --preset quick')
  console.error('  npx benchtop runs')
  process.exit(1)
}

const binary = electronBinary()
if (!binary) fallback('the Electron binary is not installed (it was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1)')
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) fallback('no display is available ($DISPLAY is not set)')

const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const app = spawnSync(binary, [root], { cwd: root, stdio: 'inherit' })
process.exit(app.status ?? 0)
