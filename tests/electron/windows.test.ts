import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppLocations } from '../../src/main/electron/locations'
import { CONTENT_SECURITY_POLICY, createMainWindow } from '../../src/main/electron/windows'
import { FakeBrowserWindow, shell } from './fakes'

vi.mock('electron', async () => {
  const fakes = await import('./fakes')
  return { BrowserWindow: fakes.FakeBrowserWindow, shell: fakes.shell }
})

const locations: AppLocations = {
  preload: '/app/out/preload/index.mjs',
  rendererIndex: '/app/out/renderer/index.html',
  workerFile: '/app/out/main/worker.js',
  devServerUrl: null,
}

function open(at: AppLocations = locations) {
  FakeBrowserWindow.all = []
  const window = createMainWindow(at) as unknown as FakeBrowserWindow
  const contents = window.webContents
  const navigate = (url: string) => {
    const event = { url, preventDefault: vi.fn() }
    contents.emit('will-navigate', event, url)
    return event.preventDefault.mock.calls.length > 0
  }
  const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (d: { url: string }) => { action: string }
  return { window, contents, navigate, openHandler }
}

describe('createMainWindow', () => {
  beforeEach(() => vi.clearAllMocks())

  it('opens at the remembered size and place, maximized when it was', () => {
    FakeBrowserWindow.all = []
    const window = createMainWindow(locations, { width: 900, height: 700, x: 40, y: 60, maximized: true }) as unknown as FakeBrowserWindow
    expect(window.options).toMatchObject({ width: 900, height: 700, x: 40, y: 60 })
    window.emit('ready-to-show')
    expect(window.maximize).toHaveBeenCalled()
    expect(window.show).toHaveBeenCalled()
  })

  it('creates an isolated, sandboxed window without Node', () => {
    const { window } = open()
    expect(window.options).toMatchObject({ width: 1280, height: 800, minWidth: 640, minHeight: 480 })
    expect(window.options).not.toHaveProperty('x')
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.mjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
  })

  it('loads the built page from benchtop://app/ (never file://), or the dev server in development', () => {
    const { window } = open()
    expect(window.loadURL).toHaveBeenCalledWith('benchtop://app/index.html')
    expect(window.loadFile).not.toHaveBeenCalled()
    const dev = open({ ...locations, devServerUrl: 'http://localhost:5173' }).window
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(dev.loadFile).not.toHaveBeenCalled()
  })

  it('shows the window once painted', () => {
    const { window } = open()
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalled()
  })

  it('prevents navigation away from the app, sending web links to the browser', () => {
    const { navigate } = open()
    expect(navigate('https://example.com/')).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/')
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate('javascript:alert(1)')).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
    expect(navigate('file:///app/out/renderer/index.html#/runs')).toBe(true)
    expect(navigate('benchtop://app/index.html#/runs')).toBe(false)
  })

  it('prevents navigation to another origin in development', () => {
    const { navigate } = open({ ...locations, devServerUrl: 'http://localhost:5173' })
    expect(navigate('http://localhost:5173/#/datasets')).toBe(false)
    expect(navigate('http://localhost:8080/')).toBe(true)
  })

  it('denies window.open, opening only web links externally', () => {
    const { openHandler } = open()
    expect(openHandler({ url: 'https://www.tensorflow.org/js' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.tensorflow.org/js')
    expect(openHandler({ url: 'file:///app/out/renderer/index.html' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'smb://server/share' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('denies every permission request and check', () => {
    const { contents } = open()
    const request = contents.session.setPermissionRequestHandler.mock.calls[0][0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void
    const callback = vi.fn()
    request(contents, 'media', callback)
    request(contents, 'notifications', callback)
    expect(callback.mock.calls).toEqual([[false], [false]])
    const check = contents.session.setPermissionCheckHandler.mock.calls[0][0] as () => boolean
    expect(check()).toBe(false)
  })

  it("puts the Content-Security-Policy header on the app's own responses only", () => {
    const { contents } = open({ ...locations, devServerUrl: 'http://localhost:5173' })
    const onHeaders = contents.session.webRequest.onHeadersReceived.mock.calls[0][0] as (
      details: { url: string; responseHeaders?: Record<string, string[]> },
      callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
    ) => void
    const own = vi.fn()
    onHeaders({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, own)
    expect(own).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    const foreign = vi.fn()
    onHeaders({ url: 'https://example.com/', responseHeaders: {} }, foreign)
    expect(foreign).toHaveBeenCalledWith({})
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    )
  })
})
