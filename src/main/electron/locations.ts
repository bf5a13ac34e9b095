/**
 * Where the built app's pieces lie and which URLs are the app's own. Everything is resolved from
 * the URL of the main bundle (out/main/index.js): electron-vite builds main as ESM, so there is no
 * `__dirname`, and a path relative to the bundle holds in development and in a packaged app alike.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface AppLocations {
  /** The preload script, out/preload/index.cjs or index.mjs (see `preloadFile`). */
  preload: string
  /** The renderer's page when no dev server runs, out/renderer/index.html. */
  rendererIndex: string
  /** The training process's entry, out/main/worker.js (built beside the main bundle). */
  workerFile: string
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`), set only by `electron-vite dev`. */
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

/** `mainUrl` is `import.meta.url` of the main entry. */
export function appLocations(mainUrl: string, env: NodeJS.ProcessEnv = process.env): AppLocations {
  return {
    preload: preloadFile(mainUrl),
    rendererIndex: fileURLToPath(new URL('../renderer/index.html', mainUrl)),
    workerFile: fileURLToPath(new URL('./worker.js', mainUrl)),
    devServerUrl: env.ELECTRON_RENDERER_URL?.trim() || null,
  }
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

function filePath(url: URL): string | null {
  if (url.protocol !== 'file:') return null
  try {
    return path.resolve(fileURLToPath(url))
  } catch {
    // A file: URL with a host (file://server/share) is not ours on POSIX.
    return null
  }
}

/**
 * True for the app's page itself: the dev server's origin in development, else exactly the built
 * index.html (any query or hash: the router may use them). Used to trust IPC senders and to allow
 * navigation, so nothing else on disk or on the network counts.
 */
export function isAppUrl(url: string, locations: AppLocations): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  if (locations.devServerUrl) return parsed.origin === parse(locations.devServerUrl)?.origin
  return filePath(parsed) === path.resolve(locations.rendererIndex)
}

/** True for anything the app serves itself (its page, scripts, styles): what the CSP header goes on. */
export function isAppResource(url: string, locations: AppLocations): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  if (locations.devServerUrl) return parsed.origin === parse(locations.devServerUrl)?.origin
  const file = filePath(parsed)
  const root = path.dirname(path.resolve(locations.rendererIndex))
  return file !== null && (file === root || file.startsWith(root + path.sep))
}
