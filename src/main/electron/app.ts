/**
 * The Electron app's life: one instance, one core, one window. The core is the same one the
 * command line uses; only the launcher differs (training runs in utility processes here).
 */
import path from 'node:path'
import { app, BrowserWindow, dialog, protocol } from 'electron'
import { BenchtopCore } from '../core/benchtopCore'
import { benchtopHome } from '../paths'
import { createSenderCheck, forwardEvents, registerApiIpc } from './ipc'
import { isAppUrl, type AppLocations } from './locations'
import { createUtilityInferenceLauncher } from './inferenceLauncher'
import { createUtilityLauncher } from './utilityLauncher'
import { createMainWindow } from './windows'
import { handleAppProtocol, registerAppScheme } from './protocol'

/** Longest wait for owned runs to stop on quit; the supervisor SIGKILLs a stuck trainer after 15 s. */
const SHUTDOWN_LIMIT_MS = 20_000

export function startElectronApp(locations: AppLocations): void {
  // A second app would own the same runs folder; hand over to the first one instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }

  // Before ready, as Electron requires: the page's own scheme (protocol.ts), instead of file://.
  registerAppScheme(protocol)

  let core: BenchtopCore | null = null
  let window: BrowserWindow | null = null

  const openWindow = (current: BenchtopCore): void => {
    const opened = createMainWindow(locations)
    forwardEvents(current, opened)
    opened.on('closed', () => {
      if (window === opened) window = null
    })
    window = opened
  }

  app.on('second-instance', () => {
    if (!window) {
      // macOS keeps the app running without windows: give the user one.
      if (core) openWindow(core)
      return
    }
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  app.on('window-all-closed', () => {
    // On macOS an app stays active without windows until the user quits it.
    if (process.platform !== 'darwin') app.quit()
  })

  // Quitting first cancels the runs this app owns, so they end as `cancelled` with their checkpoints
  // whole rather than `interrupted`. Quit is held once for that, then let through.
  let shutdown: 'idle' | 'running' | 'done' = 'idle'
  app.on('before-quit', (event) => {
    if (!core || shutdown === 'done') return
    event.preventDefault()
    if (shutdown === 'running') return
    shutdown = 'running'
    const limit = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_LIMIT_MS).unref())
    void Promise.race([core.shutdown(), limit])
      .catch(() => {})
      .finally(() => {
        shutdown = 'done'
        app.quit()
      })
  })

  app
    .whenReady()
    .then(() => {
      if (!locations.devServerUrl) handleAppProtocol(protocol, path.dirname(locations.rendererIndex))
      const current = new BenchtopCore({
        home: benchtopHome(),
        launcher: createUtilityLauncher(locations.workerFile),
        // Built beside the training entry (electron.vite.config.ts).
        inferenceLauncher: createUtilityInferenceLauncher(path.join(path.dirname(locations.workerFile), 'inferenceWorker.js')),
      })
      core = current
      registerApiIpc(current, { isTrustedSender: createSenderCheck((url) => isAppUrl(url, locations)) })
      openWindow(current)
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow(current)
      })
    })
    .catch((error: unknown) => {
      // Without a window nobody would see why the app vanished.
      dialog.showErrorBox('Benchtop could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
