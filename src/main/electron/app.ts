/**
 * The Electron app's life: one instance, one core, one window. The core is the same one the
 * command line uses; only the launcher differs (training runs in utility processes here). The
 * window's size and place are remembered, the application menu sends its commands to the page,
 * and a run the user started that ends while the window is in the background is announced.
 */
import path from 'node:path'
import { app, BrowserWindow, dialog, Menu, Notification, protocol, screen } from 'electron'
import { BenchtopCore } from '../core/benchtopCore'
import { benchtopHome } from '../paths'
import { MENU_CHANNEL } from './channels'
import { createSenderCheck, forwardEvents, registerApiIpc } from './ipc'
import { isAppUrl, type AppLocations } from './locations'
import { createUtilityInferenceLauncher } from './inferenceLauncher'
import { menuTemplate } from './menuTemplate'
import { RunNotifier } from './runNotifications'
import { createUtilityLauncher } from './utilityLauncher'
import { createMainWindow } from './windows'
import { restoreWindowState, type WindowState } from './windowState'
import { readWindowState, writeWindowState } from './windowStateFile'
import { handleAppProtocol, registerAppScheme } from './protocol'

/** Wait after the last move or resize before saving the window's place. */
const SAVE_STATE_DELAY_MS = 500

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json')
}

/** Saves the window's size and place (the size it has when not maximized) on changes and on close. */
function rememberWindowState(window: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const save = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    if (window.isDestroyed() || window.isMinimized()) return
    const bounds = window.getNormalBounds()
    const state: WindowState = { ...bounds, maximized: window.isMaximized() }
    writeWindowState(file, state)
  }
  const later = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, SAVE_STATE_DELAY_MS)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', later)
  window.on('close', save)
}

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

  const notifier = new RunNotifier({
    windowFocused: () => window !== null && !window.isDestroyed() && window.isFocused() && window.isVisible() && !window.isMinimized(),
    runName: (runId) => {
      try {
        return core?.store.readMeta(runId).name
      } catch {
        return undefined
      }
    },
    show: (n, runId) => {
      if (!Notification.isSupported()) return
      const shown = new Notification({ title: n.title, body: n.body })
      // Clicking it brings the window back, on the run's page.
      shown.on('click', () => {
        if (!window || window.isDestroyed()) return
        if (window.isMinimized()) window.restore()
        window.show()
        window.focus()
        window.webContents.send(MENU_CHANNEL, `go-run:${runId}`)
      })
      shown.show()
    },
  })

  const openWindow = (current: BenchtopCore): void => {
    const file = windowStateFile()
    const areas = screen.getAllDisplays().map((d) => d.workArea)
    const primary = screen.getPrimaryDisplay().workArea
    const opened = createMainWindow(locations, restoreWindowState(readWindowState(file), [primary, ...areas.filter((a) => a !== primary)]))
    rememberWindowState(opened, file)
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
      registerApiIpc(current, {
        isTrustedSender: createSenderCheck((url) => isAppUrl(url, locations)),
        runFolder: (runId) => (runId === undefined ? current.store.runsDir : current.store.runDir(current.store.resolveRunId(runId))),
        onRunStarted: (runId) => notifier.started(runId),
      })
      current.subscribe((event) => notifier.onEvent(event))
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({
            platform: process.platform,
            appName: app.name,
            command: (name) => {
              if (window && !window.isDestroyed()) window.webContents.send(MENU_CHANNEL, name)
            },
          }),
        ),
      )
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
