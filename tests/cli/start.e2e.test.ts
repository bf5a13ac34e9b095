import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')

/**
 * `npm start` where no Electron window can open (the binary is skipped here, as on every offline
 * machine): the README's first command must still bring up the app, in the web mode.
 */
describe('npm start without the Electron binary', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'benchtop-start-'))
  afterAll(() => rmSync(home, { recursive: true, force: true }))

  it('says why there is no window, prints the URL with its token, serves the app there and stops on SIGINT', async () => {
    expect(existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')), 'the renderer is built (npm test builds it first)').toBe(true)
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: ROOT,
      // No display and no Electron binary: the web mode is the only way to show the app.
      env: { ...process.env, BENCHTOP_HOME: home, DISPLAY: '', WAYLAND_DISPLAY: '', BENCHTOP_NO_OPEN: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed within 120 s; stderr: ${err}`)), 120_000)
      child.stdout.on('data', (d) => {
        out += d
        const m = /Benchtop is serving on (\S+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code} before serving: ${err}`)))
    })
    expect(err).toMatch(/cannot open its window here: (the Electron binary is not installed|no display)/)
    expect(new URL(url).hostname).toBe('127.0.0.1')
    expect(new URL(url).searchParams.get('token')).toMatch(/\S{16,}/)

    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/<div id="app"/)

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  }, 180_000)
})
