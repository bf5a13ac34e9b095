/**
 * Stand-ins for the parts of Electron the host uses (the Electron binary is not installed here).
 * Tests mock `electron` with these through `vi.mock('electron', ...)`.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import type { BenchtopApi, CoreEvent, CoreListener } from '../../src/shared/api'
import { API_METHOD_NAMES } from '../../src/shared/apiMethods'

export interface FakeFrame {
  url: string
  processId: number
  routingId: number
  parent: FakeFrame | null
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly mainFrame: FakeFrame
  readonly send = vi.fn()
  readonly setWindowOpenHandler = vi.fn()
  destroyed = false
  readonly session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  }

  constructor(url = 'benchtop://app/index.html') {
    super()
    this.mainFrame = { url, processId: 7, routingId: this.id, parent: null }
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  /** A frame inside the main frame (an iframe). */
  subFrame(url = this.mainFrame.url): FakeFrame {
    return { url, processId: 7, routingId: 1000 + this.id, parent: this.mainFrame }
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = []
  readonly webContents: FakeWebContents
  readonly loadURL = vi.fn(async () => {})
  readonly loadFile = vi.fn(async () => {})
  readonly show = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  readonly maximize = vi.fn()
  readonly isFocused = vi.fn(() => this.focused)
  readonly isVisible = vi.fn(() => true)
  readonly isMaximized = vi.fn(() => false)
  readonly getNormalBounds = vi.fn(() => ({ x: 10, y: 20, width: 1000, height: 700 }))
  focused = true
  destroyed = false
  minimized = false

  constructor(readonly options: Record<string, unknown> = {}) {
    super()
    this.webContents = new FakeWebContents()
    FakeBrowserWindow.all.push(this)
  }

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.webContents === contents) ?? null
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed)
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  isMinimized(): boolean {
    return this.minimized
  }

  close(): void {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

/** `ipcMain` keeping its handlers so a test can call them as Electron would. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  return {
    handlers,
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, handler)
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  }
}

/** The invoke event Electron passes for a message from `frame` of `contents`. */
export function invokeEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame) {
  return { sender: contents, senderFrame: frame, processId: 7, frameId: frame?.routingId ?? 0 }
}

/** A core whose methods are spies returning `{ method, args }`, with a working subscribe. */
export function fakeCore() {
  const listeners = new Set<CoreListener>()
  const core = Object.fromEntries(API_METHOD_NAMES.map((name) => [name, vi.fn(async (...args: unknown[]) => ({ method: name, args }))])) as unknown as Record<
    (typeof API_METHOD_NAMES)[number],
    ReturnType<typeof vi.fn>
  > &
    BenchtopApi
  core.subscribe = (listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  return {
    core,
    listeners,
    emit: (event: CoreEvent) => listeners.forEach((l) => l(event)),
    calls: () => API_METHOD_NAMES.flatMap((name) => (core[name] as ReturnType<typeof vi.fn>).mock.calls.map((args) => ({ name, args }))),
  }
}

/** One `ipcMain` for the whole test file (the mocked module is loaded once). */
export const ipcMain = fakeIpcMain()
export const dialog = { showOpenDialog: vi.fn(), showErrorBox: vi.fn() }
export const shell = { openExternal: vi.fn(async () => {}), showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') }

/** `Menu`: keeps the template it was given. */
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
}

/** `Notification`: every one shown, with its options. */
export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = []
  static isSupported = vi.fn(() => true)
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show(): void {
    FakeNotification.shown.push(this)
  }
}

/** `screen`: one 1920x1080 display. */
export const screen = {
  getPrimaryDisplay: vi.fn(() => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } })),
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]),
}

/** Electron's `protocol`: records the privileged schemes and keeps the handlers to call them. */
export function fakeProtocol() {
  const handlers = new Map<string, (request: { url: string; method: string }) => Promise<Response> | Response>()
  return {
    handlers,
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: (request: { url: string; method: string }) => Promise<Response> | Response) => {
      handlers.set(scheme, handler)
    }),
  }
}
export const protocol = fakeProtocol()
