#!/usr/bin/env node
// `npm start`: build and launch the Electron app; where Electron cannot start, say why and serve the app to a browser instead.
import { spawn, spawnSync } from 'node:child_process'
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

/** A command that opens a URL in the default browser here, or null where there is none to open. */
function browserOpener() {
  if (process.env.BENCHTOP_NO_OPEN) return null
  if (process.platform === 'darwin') return ['open']
  if (process.platform === 'win32') return ['cmd', '/c', 'start', '""']
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null
  const found = spawnSync('sh', ['-c', 'command -v xdg-open'], { encoding: 'utf8' })
  return found.status === 0 ? [found.stdout.trim()] : null
}

/**
 * Where no window can open, `npm start` still does the main job: it serves the same app to a browser
 * (`benchtop serve`, 127.0.0.1 only, a token per start) until Ctrl-C, and says why there is no window.
 */
function serveInstead(reason) {
  console.error(`Benchtop cannot open its window here: ${reason}.`)
  console.error('Starting the web mode instead: the same app in a browser, served on 127.0.0.1 only (Ctrl-C stops).')
  const child = spawn(process.execPath, [path.join(root, 'bin', 'benchtop.mjs'), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    // Its own process group: a Ctrl-C reaches it once, through us, and not a second time from the terminal.
    detached: process.platform !== 'win32',
  })
  let printed = ''
  let opened = false
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    printed += chunk
    const url = /Benchtop is serving on (\S+)/.exec(printed)?.[1]
    if (!url || opened) return
    opened = true
    const opener = browserOpener()
    if (!opener) {
      console.error('Open that URL in a browser (no default browser to open it with here).')
      return
    }
    const [command, ...args] = opener
    spawn(command, [...args, url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref()
  })
  // The first Ctrl-C stops the runs this server started, then the server; a second one quits at once.
  // npm forwards the signal it got as well, so one press can arrive twice within moments: pass it on once.
  let lastForward = 0
  const forward = (signal) => {
    if (Date.now() - lastForward < 500) return
    lastForward = Date.now()
    child.kill(signal)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward)
  process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

const binary = electronBinary()
const noWindow = !binary
  ? 'the Electron binary is not installed (it was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1)'
  : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
    ? 'no display is available ($DISPLAY is not set)'
    : null
if (noWindow) serveInstead(noWindow)
else launchWindow(binary)

function launchWindow(binary) {
  const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
  const app = spawnSync(binary, [root], { cwd: root, stdio: 'inherit' })
  process.exit(app.status ?? 0)
}
