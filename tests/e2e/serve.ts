import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { ROOT } from '../helpers/cli'
import { CHROMIUM } from '../helpers/prerequisites'

export { CHROMIUM }
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Builds the renderer once if no build exists (npm test builds it before the suites). */
export function ensureRendererBuilt(): void {
  if (existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) return
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('electron-vite build failed')
}

export interface Served {
  url: string
  origin: string
  token: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts `benchtop serve` on a free port and resolves once it printed its URL. */
export function serve(home: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'benchtop.mjs'), 'serve', '--port', '0', '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, BENCHTOP_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`benchtop serve did not start: ${err}`)), 60_000)
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      const m = /Benchtop is serving on (\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      const url = new URL(m[1])
      resolve({
        url: m[1],
        origin: url.origin,
        token: url.searchParams.get('token') ?? '',
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.on('close', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
    child.on('exit', (code) => reject(new Error(`benchtop serve exited with ${code}: ${err}`)))
  })
}

export interface OpenedApp {
  served: Served
  browser: Browser
  /** A page on the app's start URL (token included). */
  page: Page
  /** Uncaught page errors and, unless `consoleErrors: false`, console errors, in the order they came. */
  errors: string[]
  /** Closes the browser, then stops the server. */
  close(): Promise<void>
}

export interface OpenAppOptions {
  viewport: { width: number; height: number }
  acceptDownloads?: boolean
  /** Collect the console's errors too (default true). */
  consoleErrors?: boolean
}

/** Builds the renderer if needed, serves `home`, and opens the app in Debian's Chromium. */
export async function openApp(home: string, options: OpenAppOptions): Promise<OpenedApp> {
  ensureRendererBuilt()
  const served = await serve(home)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    const page = await browser.newPage({ viewport: options.viewport, ...(options.acceptDownloads ? { acceptDownloads: true } : {}) })
    // The whole suite runs files side by side on 2 cores: the first render of a page can take well
    // over Playwright's default 30 s while other files train (minutes beside the load test). Waits are for elements, never for time.
    page.setDefaultTimeout(480_000)
    const errors: string[] = []
    if (options.consoleErrors ?? true) {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
    }
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(served.url)
    // The app mounts once its router has settled on the first page; an address changed before
    // then (the next page.goto) would be overwritten by that first page.
    await page.waitForSelector('[data-testid="nav-runs"]')
    const opened = browser
    return {
      served,
      browser: opened,
      page,
      errors,
      close: async () => {
        await opened.close()
        await served.stop()
      },
    }
  } catch (error) {
    await browser?.close()
    await served.stop()
    throw error
  }
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts')
const DOCS = path.join(ROOT, 'docs', 'screenshots')

/**
 * Saves a screenshot of a page (or one element) to test-artifacts/NAME.png, and to
 * docs/screenshots/NAME.png for the README when BENCHTOP_UPDATE_SCREENSHOTS is set and `docs` is not
 * false (pictures the README takes from real, measured runs are not overwritten by tiny test runs).
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean; docs?: boolean } = {}): Promise<void> {
  const shoot = (dir: string) => {
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `${name}.png`)
    return 'goto' in target ? target.screenshot({ path: file, fullPage: options.fullPage }) : target.screenshot({ path: file })
  }
  await shoot(ARTIFACTS)
  if (process.env.BENCHTOP_UPDATE_SCREENSHOTS && options.docs !== false) await shoot(DOCS)
}
