import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { createWebApi, onConnectionChange, type ConnectionState } from '../../src/renderer/src/api/webClient'
import type { CoreEvent } from '../../src/shared/api'
import { API_METHOD_NAMES } from '../../src/shared/apiMethods'
import { fakeCore, rendererFixture, TOKEN } from './helpers'

const fixture = rendererFixture()
const core = fakeCore()
let server: WebServer

beforeAll(async () => {
  server = await startWebServer({ core, rendererDir: fixture.rendererDir, token: TOKEN })
})

afterAll(async () => {
  await server.close()
  fixture.remove()
})

function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() > end ? reject(new Error(`timed out waiting for ${what}`)) : setTimeout(tick, 20))
    tick()
  })
}

describe('createWebApi', () => {
  it('has every API method, and resolves results or rejects with the server’s message', async () => {
    const api = createWebApi({ baseUrl: `http://127.0.0.1:${server.port}`, token: TOKEN, WebSocketImpl: WebSocket })
    for (const name of API_METHOD_NAMES) expect(typeof api[name], name).toBe('function')
    expect(api.host).toEqual({ kind: 'web' })
    expect(await api.listExperiments()).toEqual([{ id: 'shapes-cnn', title: 'Shapes' }])
    expect(await api.getRun('run-1')).toEqual({ id: 'run-1', name: 'first' })
    expect(await api.cancelRun('run-1')).toBeUndefined()
    // A trailing undefined must not arrive as null (the server would refuse it).
    expect(await api.listRuns(undefined)).toEqual([])
    await expect(api.getRun('run-2')).rejects.toThrow("no run 'run-2'")
    await expect(api.getRun('../x')).rejects.toThrow('getRun: argument 1 must be an id')
  })

  it('rejects with the server’s hint when the token is wrong, and says so when the server is gone', async () => {
    const api = createWebApi({ baseUrl: server.url, token: 'b'.repeat(64) })
    await expect(api.listExperiments()).rejects.toThrow('missing or wrong token: open the URL that `benchtop serve` printed')
    const gone = createWebApi({ baseUrl: 'http://127.0.0.1:1', token: TOKEN })
    await expect(gone.listExperiments()).rejects.toThrow(/cannot reach Benchtop/)
  })

  it('shares one socket between listeners, delivers events, and reconnects after the server comes back', async () => {
    const own = fakeCore()
    let s = await startWebServer({ core: own, rendererDir: fixture.rendererDir, token: TOKEN })
    let sockets = 0
    const socketUrls: string[] = []
    class CountedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string[]) {
        super(url, protocols)
        socketUrls.push(url)
        sockets++
      }
    }
    const api = createWebApi({ baseUrl: s.url, token: TOKEN, WebSocketImpl: CountedWebSocket })
    const states: ConnectionState[] = []
    const anyStates: ConnectionState[] = []
    api.onConnectionChange((state) => states.push(state))
    const stopAny = onConnectionChange((state) => anyStates.push(state))

    const a: CoreEvent[] = []
    const b: CoreEvent[] = []
    const stopA = api.subscribe((e) => a.push(e))
    const stopB = api.subscribe((e) => b.push(e))
    await until(() => api.connectionState === 'open', 'the socket to open')
    const event: CoreEvent = { type: 'log', runId: 'run-1', line: 'hello' }
    own.emit(event)
    await until(() => a.length === 1 && b.length === 1, 'the event')
    expect(a).toEqual([event])
    expect(sockets).toBe(1)
    // The token went as a subprotocol, not in the socket's URL.
    expect(socketUrls).toEqual([`ws://127.0.0.1:${s.port}/api/events`])

    const port = s.port
    await s.close()
    await until(() => api.connectionState === 'reconnecting', 'the client to notice')
    s = await startWebServer({ core: own, rendererDir: fixture.rendererDir, token: TOKEN, port })
    await until(() => api.connectionState === 'open', 'the reconnect', 15_000)
    own.emit(event)
    await until(() => a.length === 2, 'the event after reconnecting')

    stopA()
    stopA()
    expect(api.connectionState).toBe('open')
    stopB()
    expect(api.connectionState).toBe('idle')
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'idle'])
    expect(anyStates).toEqual(states)
    stopAny()
    await s.close()
  })

  it('takes the token from the page URL, removes it from the address, and keeps it in sessionStorage for a reload without it', async () => {
    const stored = new Map<string, string>()
    const replaced: string[] = []
    const page = globalThis as { location?: { href: string }; sessionStorage?: unknown; history?: unknown }
    page.sessionStorage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) }
    page.history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) }
    try {
      page.location = { href: `http://127.0.0.1:${server.port}/?token=${TOKEN}&view=1#/runs` }
      expect(await createWebApi().listExperiments()).toHaveLength(1)
      expect([...stored.values()]).toEqual([TOKEN])
      expect(replaced).toEqual(['/?view=1#/runs'])
      page.location = { href: `http://127.0.0.1:${server.port}/#/runs` }
      expect(await createWebApi().listExperiments()).toHaveLength(1)
      stored.clear()
      await expect(createWebApi().listExperiments()).rejects.toThrow('missing or wrong token')
    } finally {
      delete page.location
      delete page.sessionStorage
      delete page.history
    }
  })
})
