import type { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { startElectronApp } from '../../src/main/electron/app'
import { CALL_CHANNEL, PICK_DIRECTORY_CHANNEL } from '../../src/main/electron/channels'
import type { AppLocations } from '../../src/main/electron/locations'
import { benchtopHome } from '../../src/main/paths'
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/csp'
import { dialog, FakeBrowserWindow, FakeNotification, invokeEvent, ipcMain, Menu, protocol, shell } from './fakes'
import { MENU_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../../src/main/electron/channels'

type Spy = ReturnType<typeof vi.fn>
interface FakeApp extends EventEmitter {
  requestSingleInstanceLock: Spy
  whenReady: Spy
  quit: Spy
  exit: Spy
}
interface FakeCore {
  options: Record<string, unknown>
  shutdown: Spy
}

const state = vi.hoisted(() => ({ app: null as unknown as FakeApp, cores: [] as FakeCore[], coreFails: false, userData: '', listeners: [] as ((e: unknown) => void)[] }))

vi.mock('electron', async () => {
  const fakes = await import('./fakes')
  const { EventEmitter } = await import('node:events')
  state.app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
    name: 'Benchtop',
    getPath: vi.fn(() => state.userData),
  }) as never
  return {
    app: state.app,
    BrowserWindow: fakes.FakeBrowserWindow,
    ipcMain: fakes.ipcMain,
    dialog: fakes.dialog,
    shell: fakes.shell,
    protocol: fakes.protocol,
    Menu: fakes.Menu,
    Notification: fakes.FakeNotification,
    screen: fakes.screen,
    utilityProcess: { fork: vi.fn() },
  }
})

vi.mock('../../src/main/core/benchtopCore', () => ({
  BenchtopCore: class {
    readonly shutdown = vi.fn(() => Promise.resolve())
    constructor(readonly options: Record<string, unknown>) {
      if (state.coreFails) throw new Error('cannot create /nope/.benchtop: permission denied')
      state.cores.push(this)
    }
    readonly store = { runsDir: '/home/runs', readMeta: (id: string) => ({ name: `name-of-${id}` }), resolveRunId: (id: string) => id, runDir: (id: string) => `/home/runs/${id}` }
    subscribe(listener: (e: unknown) => void) {
      state.listeners.push(listener)
      return () => {}
    }
  },
}))

// A real renderer folder: the app serves it at benchtop://app/.
const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-renderer-'))
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
writeFileSync(path.join(path.dirname(rendererDir), `${path.basename(rendererDir)}-secret.txt`), 'secret')

const locations: AppLocations = {
  preload: '/app/out/preload/index.mjs',
  rendererIndex: path.join(rendererDir, 'index.html'),
  workerFile: '/app/out/main/worker.js',
  devServerUrl: null,
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function quitEvent() {
  return { preventDefault: vi.fn() }
}

beforeEach(() => {
  state.app.removeAllListeners()
  vi.clearAllMocks()
  state.app.requestSingleInstanceLock.mockReturnValue(true)
  state.cores.length = 0
  state.coreFails = false
  ipcMain.handlers.clear()
  FakeBrowserWindow.all = []
  state.userData = mkdtempSync(path.join(os.tmpdir(), 'benchtop-userdata-'))
  state.listeners.length = 0
  FakeNotification.shown = []
})

describe('startElectronApp', () => {
  it('quits at once when another instance holds the lock', async () => {
    state.app.requestSingleInstanceLock.mockReturnValue(false)
    startElectronApp(locations)
    await flush()
    expect(state.app.quit).toHaveBeenCalled()
    expect(state.cores).toEqual([])
    expect(FakeBrowserWindow.all).toEqual([])
  })

  it('when ready, creates the core with the utility launcher, the IPC handlers and the window', async () => {
    startElectronApp(locations)
    await flush()
    expect(state.cores).toHaveLength(1)
    expect(state.cores[0].options.home).toBe(benchtopHome())
    expect(typeof state.cores[0].options.launcher).toBe('function')
    expect([...ipcMain.handlers.keys()].sort()).toEqual([CALL_CHANNEL, PICK_DIRECTORY_CHANNEL, SHOW_IN_FOLDER_CHANNEL].sort())
    expect(FakeBrowserWindow.all).toHaveLength(1)
    expect((FakeBrowserWindow.all[0].options.webPreferences as { preload: string }).preload).toBe(locations.preload)
  })

  it('registers benchtop: as a privileged scheme before ready and serves only the renderer folder from it', async () => {
    protocol.handlers.clear()
    startElectronApp(locations)
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'benchtop', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    await flush()
    const handler = protocol.handlers.get('benchtop')!
    const page = await handler({ url: 'benchtop://app/index.html', method: 'GET' })
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<!doctype html><title>app</title>')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const secret = `../${path.basename(rendererDir)}-secret.txt`
    for (const url of [`benchtop://app/${secret}`, `benchtop://app/..%2f${path.basename(rendererDir)}-secret.txt`, 'benchtop://app/%2e%2e/x', 'benchtop://other/index.html', 'benchtop://app/nope.js']) {
      const res = await handler({ url, method: 'GET' })
      expect([400, 404], url).toContain(res.status)
      expect(await res.text()).not.toContain('secret')
    }
    expect((await handler({ url: 'benchtop://app/index.html', method: 'POST' })).status).toBe(405)
  })

  it('shuts the core down once before quitting, then lets the quit through', async () => {
    startElectronApp(locations)
    await flush()
    const core = state.cores[0]
    let finish!: () => void
    core.shutdown.mockReturnValueOnce(new Promise<void>((resolve) => (finish = resolve)))

    const first = quitEvent()
    state.app.emit('before-quit', first)
    expect(first.preventDefault).toHaveBeenCalled()
    const second = quitEvent()
    state.app.emit('before-quit', second)
    expect(second.preventDefault).toHaveBeenCalled()
    expect(core.shutdown).toHaveBeenCalledTimes(1)
    expect(state.app.quit).not.toHaveBeenCalled()

    finish()
    await flush()
    expect(state.app.quit).toHaveBeenCalledTimes(1)
    const last = quitEvent()
    state.app.emit('before-quit', last)
    expect(last.preventDefault).not.toHaveBeenCalled()
    expect(core.shutdown).toHaveBeenCalledTimes(1)
  })

  it('quits when the last window closes (off macOS)', async () => {
    startElectronApp(locations)
    await flush()
    state.app.emit('window-all-closed')
    expect(state.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1)
  })

  it('focuses the existing window when a second instance starts', async () => {
    startElectronApp(locations)
    await flush()
    const window = FakeBrowserWindow.all[0]
    window.minimized = true
    state.app.emit('second-instance')
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
    expect(FakeBrowserWindow.all).toHaveLength(1)
  })

  it('says why and exits when the core cannot start', async () => {
    state.coreFails = true
    startElectronApp(locations)
    await flush()
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Benchtop could not start', 'cannot create /nope/.benchtop: permission denied')
    expect(state.app.exit).toHaveBeenCalledWith(1)
  })

  it('remembers the window’s size and place, and opens there next time', async () => {
    startElectronApp(locations)
    await flush()
    const first = FakeBrowserWindow.all[0]
    first.getNormalBounds.mockReturnValue({ x: 100, y: 80, width: 1100, height: 720 })
    first.emit('close')
    expect(JSON.parse(readFileSync(path.join(state.userData, 'window-state.json'), 'utf8'))).toEqual({ x: 100, y: 80, width: 1100, height: 720, maximized: false })
    first.close()
    state.app.emit('second-instance')
    const second = FakeBrowserWindow.all.at(-1)!
    expect(second).not.toBe(first)
    expect(second.options).toMatchObject({ x: 100, y: 80, width: 1100, height: 720 })
  })

  it('sets an application menu whose commands go to the page', async () => {
    startElectronApp(locations)
    await flush()
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
    const template = Menu.buildFromTemplate.mock.calls[0][0] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[]
    const file = template.find((m) => m.label === 'File')!
    file.submenu!.find((i) => i.label === 'New Run')!.click!()
    expect(FakeBrowserWindow.all[0].webContents.send).toHaveBeenCalledWith(MENU_CHANNEL, 'go-new')
  })

  it('announces a run the page started when it ends while the window is in the background', async () => {
    startElectronApp(locations)
    await flush()
    const window = FakeBrowserWindow.all[0]
    const core = state.cores[0] as unknown as Record<string, unknown>
    core.startRun = vi.fn(async () => ({ id: 'r1' }))
    const call = ipcMain.handlers.get(CALL_CHANNEL)!
    await call(invokeEvent(window.webContents), 'startRun', [{ experiment: 'shapes-cnn' }])
    const emit = (e: unknown) => state.listeners.forEach((l) => l(e))
    // In the foreground the page shows it: no notification.
    window.focused = true
    emit({ type: 'run-status', runId: 'r1', status: 'completed', error: null })
    expect(FakeNotification.shown).toHaveLength(0)
    await call(invokeEvent(window.webContents), 'startRun', [{ experiment: 'shapes-cnn' }])
    window.focused = false
    emit({ type: 'run-status', runId: 'r1', status: 'failed', error: 'out of memory\nstack' })
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([{ title: 'name-of-r1 failed', body: 'out of memory' }])
    FakeNotification.shown[0].emit('click')
    expect(window.focus).toHaveBeenCalled()
    expect(window.webContents.send).toHaveBeenCalledWith(MENU_CHANNEL, 'go-run:r1')
    // A run started elsewhere (the command line) is not announced.
    emit({ type: 'run-status', runId: 'other', status: 'completed', error: null })
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('shows a run’s folder, or the runs folder, for the app’s own page only', async () => {
    startElectronApp(locations)
    await flush()
    const window = FakeBrowserWindow.all[0]
    const show = ipcMain.handlers.get(SHOW_IN_FOLDER_CHANNEL)!
    await show(invokeEvent(window.webContents), 'r1')
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/home/runs/r1')
    await show(invokeEvent(window.webContents))
    expect(shell.openPath).toHaveBeenCalledWith('/home/runs')
    await expect(show(invokeEvent(window.webContents), '../etc')).rejects.toThrow(/must be an id/)
    await expect(show(invokeEvent(window.webContents, window.webContents.subFrame()), 'r1')).rejects.toThrow(/untrusted sender/)
    expect(shell.showItemInFolder).toHaveBeenCalledTimes(1)
  })
})
