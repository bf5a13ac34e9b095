import type { EventEmitter } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { startElectronApp } from '../../src/main/electron/app'
import { CALL_CHANNEL, PICK_DIRECTORY_CHANNEL } from '../../src/main/electron/channels'
import type { AppLocations } from '../../src/main/electron/locations'
import { benchtopHome } from '../../src/main/paths'
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/csp'
import { dialog, FakeBrowserWindow, ipcMain, protocol } from './fakes'

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

const state = vi.hoisted(() => ({ app: null as unknown as FakeApp, cores: [] as FakeCore[], coreFails: false }))

vi.mock('electron', async () => {
  const fakes = await import('./fakes')
  const { EventEmitter } = await import('node:events')
  state.app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
  }) as never
  return {
    app: state.app,
    BrowserWindow: fakes.FakeBrowserWindow,
    ipcMain: fakes.ipcMain,
    dialog: fakes.dialog,
    shell: fakes.shell,
    protocol: fakes.protocol,
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
    subscribe() {
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
    expect([...ipcMain.handlers.keys()].sort()).toEqual([CALL_CHANNEL, PICK_DIRECTORY_CHANNEL].sort())
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
})
