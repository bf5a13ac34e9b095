/**
 * The app's window, locked down: the page gets no Node, runs sandboxed and isolated from the
 * preload, cannot leave the app, cannot open windows and is granted no permission. The renderer
 * only talks to main through the preload's `window.benchtop` (see ipc.ts).
 */
import { BrowserWindow, shell, type Session } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'
import { APP_URL, isAppResource, isAppUrl, type AppLocations } from './locations'
import { DEFAULT_SIZE, MIN_SIZE, type RestoredBounds } from './windowState'

export { CONTENT_SECURITY_POLICY }

function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url)
}

/**
 * Session-wide rules. Electron keeps one handler of each kind per session, so calling this again
 * (for a second window) replaces them with the same rules.
 */
export function hardenSession(session: Session, locations: AppLocations): void {
  // Benchtop needs no camera, microphone, notifications, geolocation, ...
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, locations)) return callback({})
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}

/** `bounds`: the remembered size and place, already checked against the screens (windowState.ts). */
export function createMainWindow(locations: AppLocations, bounds: RestoredBounds = { ...DEFAULT_SIZE, maximized: false }): BrowserWindow {
  const window = new BrowserWindow({
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    // Shown once painted, so it never flashes an empty frame.
    show: false,
    title: 'Benchtop',
    webPreferences: {
      preload: locations.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  const { webContents } = window
  hardenSession(webContents.session, locations)
  window.once('ready-to-show', () => {
    if (bounds.maximized) window.maximize()
    window.show()
  })

  // The window only ever shows the app; a web link goes to the user's browser instead.
  webContents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, locations)) return
    event.preventDefault()
    if (isWebLink(event.url)) void shell.openExternal(event.url)
  })
  webContents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })

  // The built page comes from the app's own scheme (protocol.ts), never file://.
  void window.loadURL(locations.devServerUrl ?? APP_URL)
  return window
}
