import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import type { CoreEvent } from '../../src/shared/api'
import { fakeCore, rendererFixture, TOKEN, type FakeCore } from './helpers'

const fixture = rendererFixture()
const core: FakeCore = fakeCore()
let server: WebServer

beforeAll(async () => {
  server = await startWebServer({ core, rendererDir: fixture.rendererDir, token: TOKEN })
})

afterAll(async () => {
  await server.close()
  fixture.remove()
})

/** The subprotocols a browser's client offers: `benchtop` and `benchtop.token.<T>`. */
const withProtocolToken = (token: string) => ['benchtop', `benchtop.token.${token}`]

function open(target: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${target}`, protocols, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
}

const STATUS: CoreEvent = { type: 'run-status', runId: 'run-1', status: 'running', error: null }
const LOG: CoreEvent = { type: 'log', runId: 'run-1', line: 'epoch 1' }

describe('/api/events', () => {
  it('sends every core event to every connected socket', async () => {
    const a = await open('/api/events', {}, withProtocolToken(TOKEN))
    // The server answers with the plain subprotocol: the token is never echoed back.
    expect(a.protocol).toBe('benchtop')
    const b = await open('/api/events', { origin: `http://127.0.0.1:${server.port}` }, withProtocolToken(TOKEN))
    const c = await open('/api/events', { 'x-benchtop-token': TOKEN, origin: `http://localhost:${server.port}` })
    const got = [nextMessage(a), nextMessage(b), nextMessage(c)]
    core.emit(STATUS)
    expect(await Promise.all(got)).toEqual([STATUS, STATUS, STATUS])
    const next = nextMessage(a)
    core.emit(LOG)
    expect(await next).toEqual(LOG)
    for (const ws of [a, b, c]) ws.close()
  })

  it('refuses the upgrade without the token (401), from a foreign origin or host (403), elsewhere (404)', async () => {
    await expect(open('/api/events')).rejects.toThrow('HTTP 401')
    await expect(open('/api/events', {}, withProtocolToken('b'.repeat(64)))).rejects.toThrow('HTTP 401')
    // Neither a cookie nor the URL carries the token any more.
    await expect(open('/api/events', { cookie: `benchtop_token=${TOKEN}` })).rejects.toThrow('HTTP 401')
    await expect(open(`/api/events?token=${TOKEN}`)).rejects.toThrow('HTTP 401')
    await expect(open('/api/events', { origin: 'http://evil.example' }, withProtocolToken(TOKEN))).rejects.toThrow('HTTP 403')
    await expect(open('/api/events', { host: `evil.example:${server.port}` }, withProtocolToken(TOKEN))).rejects.toThrow('HTTP 403')
    await expect(open('/api/elsewhere', {}, withProtocolToken(TOKEN))).rejects.toThrow('HTTP 404')
  })

  it('drops the sockets on close()', async () => {
    const own = fakeCore()
    const s = await startWebServer({ core: own, rendererDir: fixture.rendererDir, token: TOKEN })
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events`, withProtocolToken(TOKEN))
    await new Promise((resolve) => ws.once('open', resolve))
    const closed = new Promise((resolve) => ws.once('close', resolve))
    await s.close()
    await closed
    expect(own.listenerCount()).toBe(0)
  })
})
