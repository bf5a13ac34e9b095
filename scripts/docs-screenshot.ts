/**
 * Screenshots a page of the app, served by `benchtop serve` over an existing Benchtop home, for the
 * README (e.g. the quick shortcut study measured on this machine). Needs Debian's Chromium and a
 * renderer build (`npx electron-vite build`).
 *   npx tsx scripts/docs-screenshot.ts HOME '#/studies/ID' docs/screenshots/quick-study.png [--wait-ms 4000]
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'

const ROOT = path.resolve(import.meta.dirname, '..')
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

const [home, route, out] = process.argv.slice(2)
if (!home || !route || !out) {
  console.error("usage: tsx scripts/docs-screenshot.ts HOME '#/route' OUT.png [--wait-ms N]")
  process.exit(2)
}
const waitAt = process.argv.indexOf('--wait-ms')
const waitMs = waitAt >= 0 ? Number(process.argv[waitAt + 1]) : 4000
if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
  console.error('no renderer build: run `npx electron-vite build` first')
  process.exit(1)
}
const server = spawn(process.execPath, [path.join(ROOT, 'bin', 'benchtop.mjs'), 'serve', '--port', '0', '--no-build'], {
  cwd: ROOT,
  env: { ...process.env, BENCHTOP_HOME: path.resolve(home) },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const url = await new Promise<URL>((resolve, reject) => {
  let out = ''
  server.stdout!.on('data', (d) => {
    out += d
    const m = /Benchtop is serving on (\S+)/.exec(out)
    if (m) resolve(new URL(m[1]))
  })
  server.on('exit', (code) => reject(new Error(`benchtop serve exited with ${code}`)))
})
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(url.href) // the app keeps ?token= in this tab's sessionStorage and strips it from the address
  await page.waitForSelector('[data-testid="nav-runs"]') // mounted: the router has settled on its first page
  await page.goto(`${url.origin}/${route}`)
  await page.waitForTimeout(waitMs)
  await page.screenshot({ path: out, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  server.kill('SIGTERM')
}
