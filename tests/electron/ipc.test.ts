import { beforeEach, describe, expect, it, vi } from 'vitest'
import { checkCall, InvalidCallError } from '../../src/shared/apiMethods'
import { CALL_CHANNEL, EVENT_CHANNEL, PICK_DIRECTORY_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../../src/main/electron/channels'
import { createSenderCheck, forwardEvents, registerApiIpc } from '../../src/main/electron/ipc'
import { isAppUrl, type AppLocations } from '../../src/main/electron/locations'
import { dialog, fakeCore, FakeBrowserWindow, FakeWebContents, invokeEvent, ipcMain } from './fakes'

vi.mock('electron', async () => {
  const fakes = await import('./fakes')
  return { BrowserWindow: fakes.FakeBrowserWindow, ipcMain: fakes.ipcMain, dialog: fakes.dialog }
})

const locations: AppLocations = {
  preload: '/app/out/preload/index.mjs',
  rendererIndex: '/app/out/renderer/index.html',
  workerFile: '/app/out/main/worker.js',
  devServerUrl: null,
}
const isTrustedSender = createSenderCheck((url) => isAppUrl(url, locations))

function setup() {
  FakeBrowserWindow.all = []
  ipcMain.handlers.clear()
  const fake = fakeCore()
  const dispose = registerApiIpc(fake.core, { isTrustedSender })
  const window = new FakeBrowserWindow()
  const call = (event: unknown, method: unknown, args: unknown) => Promise.resolve().then(() => ipcMain.handlers.get(CALL_CHANNEL)!(event, method, args))
  const pick = (event: unknown) => Promise.resolve().then(() => ipcMain.handlers.get(PICK_DIRECTORY_CHANNEL)!(event))
  return { ...fake, dispose, window, call, pick }
}

/** The message `checkCall` gives for this call. */
function invalidMessage(method: unknown, args: unknown): string {
  try {
    checkCall(method, args)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCallError)
    return (error as Error).message
  }
  throw new Error('expected the call to be invalid')
}

describe('registerApiIpc', () => {
  beforeEach(() => vi.clearAllMocks())

  it('registers the call, picker and show-in-folder channels, and removes them again', () => {
    const { dispose } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual([CALL_CHANNEL, PICK_DIRECTORY_CHANNEL, SHOW_IN_FOLDER_CHANNEL].sort())
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('passes a call from the app window to the core with its arguments', async () => {
    const { window, call, core } = setup()
    const result = await call(invokeEvent(window.webContents), 'getRun', ['run-1'])
    expect(core.getRun).toHaveBeenCalledWith('run-1')
    expect(result).toEqual({ method: 'getRun', args: ['run-1'] })
    const request = { experiment: 'shapes-cnn', preset: 'quick', set: { epochs: 2 }, seed: 7 }
    await call(invokeEvent(window.webContents), 'startRun', [request])
    expect(core.startRun).toHaveBeenCalledWith(request)
    await call(invokeEvent(window.webContents), 'listExperiments', [])
    expect(core.listExperiments).toHaveBeenCalledWith()
  })

  it('refuses a webContents that is not one of the app windows', async () => {
    const { call, calls } = setup()
    const stray = new FakeWebContents()
    await expect(call(invokeEvent(stray), 'listRuns', [])).rejects.toThrow('refused: untrusted sender')
    expect(calls()).toEqual([])
  })

  it('refuses a sub-frame of the app window', async () => {
    const { window, call, calls } = setup()
    const frame = window.webContents.subFrame()
    await expect(call(invokeEvent(window.webContents, frame), 'listRuns', [])).rejects.toThrow('refused: untrusted sender')
    expect(calls()).toEqual([])
  })

  it('refuses a frame that is gone (senderFrame null)', async () => {
    const { window, call, calls } = setup()
    await expect(call(invokeEvent(window.webContents, null), 'listRuns', [])).rejects.toThrow('refused: untrusted sender')
    expect(calls()).toEqual([])
  })

  it('refuses the app window when it shows a foreign page', async () => {
    const { window, call, calls } = setup()
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'file:///app/out/renderer/index.html', 'benchtop://app/other.html', 'data:text/html,hi']) {
      window.webContents.mainFrame.url = url
      await expect(call(invokeEvent(window.webContents), 'listRuns', [])).rejects.toThrow('refused: untrusted sender')
    }
    expect(calls()).toEqual([])
  })

  it('accepts the app page with a hash route', async () => {
    const { window, call, core } = setup()
    window.webContents.mainFrame.url = 'benchtop://app/index.html#/runs/abc'
    await call(invokeEvent(window.webContents), 'listRuns', [])
    expect(core.listRuns).toHaveBeenCalled()
  })

  it.each([
    ['an unknown method', 'deleteEverything', []],
    ['subscribe, which is not callable remotely', 'subscribe', []],
    ['a prototype name', 'constructor', []],
    ['a non-string method', 42, []],
    ['arguments that are not an array', 'getRun', 'run-1'],
    ['a path as a run id', 'getRun', ['../../etc']],
    ['a run id with a slash', 'cancelRun', ['a/b']],
    ['too many arguments', 'getRun', ['run-1', 'extra']],
    ['a start request with extra fields', 'startRun', [{ experiment: 'shapes-cnn', command: 'rm -rf /' }]],
    ['a start request with a non-integer seed', 'startRun', [{ experiment: 'shapes-cnn', seed: 1.5 }]],
    ['a start request with an array', 'startRun', [[]]],
    ['list options with extra fields', 'listRuns', [{ includeTrash: true, all: 1 }]],
  ])('rejects %s with the InvalidCallError message and never reaches the core', async (_label, method, args) => {
    const { window, call, calls } = setup()
    const expected = invalidMessage(method, args)
    const error = await call(invokeEvent(window.webContents), method, args).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    // A plain Error: Electron passes on only the message, so that is all there is.
    expect((error as Error).constructor).toBe(Error)
    expect((error as Error).message).toBe(expected)
    expect(calls()).toEqual([])
  })

  it('passes a core error on as its plain message', async () => {
    const { window, call, core } = setup()
    class RunBusyError extends Error {}
    core.deleteRun.mockRejectedValueOnce(new RunBusyError('run x is running; cancel it before deleting it'))
    const error = (await call(invokeEvent(window.webContents), 'deleteRun', ['x']).catch((e: unknown) => e)) as Error
    expect(error.constructor).toBe(Error)
    expect(error.message).toBe('run x is running; cancel it before deleting it')
  })

  it('picks a folder with a dialog modal to the asking window', async () => {
    const { window, pick } = setup()
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/cats'] })
    await expect(pick(invokeEvent(window.webContents))).resolves.toBe('/data/cats')
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(window, { properties: ['openDirectory'] })
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    await expect(pick(invokeEvent(window.webContents))).resolves.toBeNull()
  })

  it('refuses the folder picker to an untrusted sender', async () => {
    const { window, pick } = setup()
    await expect(pick(invokeEvent(new FakeWebContents()))).rejects.toThrow('refused: untrusted sender')
    await expect(pick(invokeEvent(window.webContents, window.webContents.subFrame()))).rejects.toThrow('refused: untrusted sender')
    expect(dialog.showOpenDialog).not.toHaveBeenCalled()
  })
})

describe('createSenderCheck in development', () => {
  it('trusts the dev server origin only', () => {
    FakeBrowserWindow.all = []
    const dev = { ...locations, devServerUrl: 'http://localhost:5173' }
    const check = createSenderCheck((url) => isAppUrl(url, dev))
    const window = new FakeBrowserWindow()
    window.webContents.mainFrame.url = 'http://localhost:5173/#/runs'
    expect(check(invokeEvent(window.webContents) as never)).toBe(true)
    window.webContents.mainFrame.url = 'http://localhost:5174/'
    expect(check(invokeEvent(window.webContents) as never)).toBe(false)
    window.webContents.mainFrame.url = 'benchtop://app/index.html'
    expect(check(invokeEvent(window.webContents) as never)).toBe(false)
  })
})

describe('forwardEvents', () => {
  it('sends core events to the window and stops when it closes', () => {
    FakeBrowserWindow.all = []
    const { core, emit, listeners } = fakeCore()
    const window = new FakeBrowserWindow()
    forwardEvents(core, window as never)
    const event = { type: 'log', runId: 'r1', line: 'epoch 1' } as const
    emit(event)
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event)
    window.close()
    expect(listeners.size).toBe(0)
    emit({ type: 'log', runId: 'r1', line: 'epoch 2' })
    expect(window.webContents.send).toHaveBeenCalledTimes(1)
  })

  it('skips a window whose contents are already destroyed', () => {
    FakeBrowserWindow.all = []
    const { core, emit } = fakeCore()
    const window = new FakeBrowserWindow()
    forwardEvents(core, window as never)
    window.webContents.destroyed = true
    expect(() => emit({ type: 'log', runId: 'r1', line: 'x' })).not.toThrow()
    expect(window.webContents.send).not.toHaveBeenCalled()
  })
})
