import { EventEmitter } from 'node:events'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { CoreEvent, RendererApi } from '../../src/shared/api'
import { API_METHOD_NAMES } from '../../src/shared/apiMethods'

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  return {
    exposed,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    // Filled in below: vi.hoisted runs before imports, so no EventEmitter yet.
    ipcRenderer: null as unknown as EventEmitter & { invoke: ReturnType<typeof vi.fn> },
  }
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: vi.fn(async (...args: unknown[]) => ({ echoed: args })),
    send: vi.fn(),
    sendSync: vi.fn(),
  })
  electron.ipcRenderer = ipcRenderer
  return { contextBridge: electron.contextBridge, ipcRenderer }
})

let api: RendererApi

beforeAll(async () => {
  await import('../../src/preload/index')
  api = electron.exposed.get('benchtop') as RendererApi
})

function fakeIpcEvent() {
  return { sender: electron.ipcRenderer, senderId: 0, ports: [] }
}

describe('preload', () => {
  it('exposes window.benchtop and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['benchtop'])
    expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES, 'subscribe', 'host'].sort())
    for (const name of API_METHOD_NAMES) expect(typeof api[name]).toBe('function')
    expect(Object.keys(api.host).sort()).toEqual(['kind', 'onMenuCommand', 'pickDirectory', 'showInFolder'])
    expect(api.host.kind).toBe('electron')
  })

  it('never hands out ipcRenderer or its methods', () => {
    const seen = new Set<unknown>()
    const walk = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return
      seen.add(value)
      expect(value).not.toBe(electron.ipcRenderer)
      for (const fn of [electron.ipcRenderer.invoke, electron.ipcRenderer.on, electron.ipcRenderer.emit]) expect(value).not.toBe(fn)
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key])
    }
    walk(api)
  })

  it('invokes benchtop:call with the method name and its arguments', async () => {
    electron.ipcRenderer.invoke.mockClear()
    await expect(api.getRun('run-1')).resolves.toEqual({ echoed: ['benchtop:call', 'getRun', ['run-1']] })
    const request = { experiment: 'shapes-cnn', seed: 3 }
    await api.startRun(request)
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('benchtop:call', 'startRun', [request])
    await api.listExperiments()
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('benchtop:call', 'listExperiments', [])
  })

  it('picks a directory over its own channel', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce('/data/cats')
    await expect(api.host.pickDirectory!()).resolves.toBe('/data/cats')
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('benchtop:pick-directory')
  })

  it('shows a folder over its own channel, and passes menu commands as their names only', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce(undefined)
    await api.host.showInFolder!('run-1')
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('benchtop:show-in-folder', 'run-1')
    electron.ipcRenderer.invoke.mockResolvedValueOnce(undefined)
    await api.host.showInFolder!()
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('benchtop:show-in-folder')
    const seen: unknown[] = []
    const stop = api.host.onMenuCommand!((command) => seen.push(command))
    electron.ipcRenderer.emit('benchtop:menu', fakeIpcEvent(), 'go-new')
    electron.ipcRenderer.emit('benchtop:menu', fakeIpcEvent(), { not: 'a name' })
    stop()
    electron.ipcRenderer.emit('benchtop:menu', fakeIpcEvent(), 'go-runs')
    expect(seen).toEqual(['go-new'])
  })

  it("rejects with main's message, without Electron's wrapper", async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(
      new Error("Error invoking remote method 'benchtop:call': Error: getRun: argument 1 must be an id (letters, digits, _ . -)"),
    )
    await expect(api.getRun('../x')).rejects.toThrow(/^getRun: argument 1 must be an id/)
  })

  it('gives listeners the event only, and unsubscribes exactly its own handler', () => {
    const first = vi.fn()
    const second = vi.fn()
    const before = electron.ipcRenderer.listenerCount('benchtop:event')
    const unsubscribeFirst = api.subscribe(first)
    api.subscribe(second)
    expect(electron.ipcRenderer.listenerCount('benchtop:event')).toBe(before + 2)

    const event: CoreEvent = { type: 'log', runId: 'r1', line: 'hello' }
    electron.ipcRenderer.emit('benchtop:event', fakeIpcEvent(), event)
    expect(first).toHaveBeenCalledTimes(1)
    expect(first.mock.calls[0]).toEqual([event])
    expect(second.mock.calls[0]).toEqual([event])

    unsubscribeFirst()
    expect(electron.ipcRenderer.listenerCount('benchtop:event')).toBe(before + 1)
    electron.ipcRenderer.emit('benchtop:event', fakeIpcEvent(), event)
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).toHaveBeenCalledTimes(2)
    // A second call removes nothing else.
    unsubscribeFirst()
    expect(electron.ipcRenderer.listenerCount('benchtop:event')).toBe(before + 1)
  })
})
