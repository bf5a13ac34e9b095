/**
 * Where the built app's pieces lie and which URLs are the app's own. Everything is resolved from
 * the URL of the main bundle (out/main/index.js): electron-vite builds main as ESM, so there is no
 * `__dirname`, and a path relative to the bundle holds in development and in a packaged app alike.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The built renderer is served from this custom scheme (protocol.ts), not from file:, so the page
 * has an origin of its own and can reach no other file on disk.
 */
export const APP_SCHEME = 'benchtop'
export const APP_HOST = 'app'
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

export interface AppLocations {
  /** The preload script, out/preload/index.cjs or index.mjs (see `preloadFile`). */
  preload: string
  /** The renderer's page when no dev server runs, out/renderer/index.html. */
  rendererIndex: string
  /** The training process's entry, out/main/worker.js (built beside the main bundle). */
  workerFile: string
  /**
   * electron-vite's dev server (`ELECTRON_RENDERER_URL`), set only by `electron-vite dev`; never
   * honoured in a packaged app (an environment variable must not point the app at another page).
   */
  devServerUrl: string | null
}

/**
 * A sandboxed preload cannot be an ES module (Electron runs it as a plain script with `require`),
 * so a CommonJS build (index.cjs, electron-vite's preload output format 'cjs') is taken when there
 * is one; index.mjs is what the ESM default emits.
 */
function preloadFile(mainUrl: string): string {
  const cjs = fileURLToPath(new URL('../preload/index.cjs', mainUrl))
  return existsSync(cjs) ? cjs : fileURLToPath(new URL('../preload/index.mjs', mainUrl))
}

/** `mainUrl` is `import.meta.url` of the main entry; `isPackaged` is Electron's `app.isPackaged`. */
export function appLocations(mainUrl: string, env: NodeJS.ProcessEnv = process.env, isPackaged = false): AppLocations {
  return {
    preload: preloadFile(mainUrl),
    rendererIndex: fileURLToPath(new URL('../renderer/index.html', mainUrl)),
    workerFile: fileURLToPath(new URL('./worker.js', mainUrl)),
    devServerUrl: isPackaged ? null : env.ELECTRON_RENDERER_URL?.trim() || null,
  }
}

/** True for URLs of the app's own scheme and host (`benchtop://app/...`). */
function isAppScheme(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === ''
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * True for the app's page itself: the dev server's origin in development, else exactly
 * `benchtop://app/index.html` (any query or hash: the router may use them). Used to trust IPC
 * senders and to allow navigation, so nothing on disk (file:) or on the network counts.
 */
export function isAppUrl(url: string, locations: AppLocations): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  if (locations.devServerUrl) return parsed.origin === parse(locations.devServerUrl)?.origin
  return isAppScheme(parsed) && (parsed.pathname === '/index.html' || parsed.pathname === '/')
}

/** True for anything the app serves itself (its page, scripts, styles): what the CSP header goes on. */
export function isAppResource(url: string, locations: AppLocations): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  if (locations.devServerUrl) return parsed.origin === parse(locations.devServerUrl)?.origin
  return isAppScheme(parsed)
}
