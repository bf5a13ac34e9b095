import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CONCURRENT_CALLS } from '../../src/main/web/apiCall'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { ASSET_JS, callApi, fakeCore, INDEX_HTML, rendererFixture, request, SECRET, TOKEN, withToken } from './helpers'

const fixture = rendererFixture()
let server: WebServer
let port: number

beforeAll(async () => {
  server = await startWebServer({ core: fakeCore(), rendererDir: fixture.rendererDir, token: TOKEN })
  port = server.port
})

afterAll(async () => {
  await server.close()
  fixture.remove()
})

describe('the web server', () => {
  it('listens on 127.0.0.1 only, and prints a URL with the token', () => {
    expect(server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port })
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`)
  })

  it('makes a fresh 64-hex-digit token per start when given none', async () => {
    const a = await startWebServer({ core: fakeCore(), rendererDir: fixture.rendererDir })
    const b = await startWebServer({ core: fakeCore(), rendererDir: fixture.rendererDir })
    expect(a.token).toMatch(/^[0-9a-f]{64}$/)
    expect(b.token).not.toBe(a.token)
    await Promise.all([a.close(), b.close()])
  })

  it('answers 401 on the API without the token as a header: a cookie or a ?token= in the URL does not count', async () => {
    const body = '{"method":"listExperiments","args":[]}'
    const json = { 'content-type': 'application/json' }
    for (const [target, headers] of [
      ['/api/call', {}],
      ['/api/call', { 'x-benchtop-token': 'b'.repeat(64) }],
      ['/api/call', { 'x-benchtop-token': 'short' }],
      ['/api/call', { cookie: `benchtop_token=${TOKEN}` }],
      [`/api/call?token=${TOKEN}`, {}],
      ['/api/other', {}],
      ['/api/', {}],
    ] as const) {
      const res = await request(port, target, { method: 'POST', headers: { ...json, ...headers }, body })
      expect(res.status, `${target} ${JSON.stringify(headers)}`).toBe(401)
      expect(res.body).toContain('open the URL that `benchtop serve` printed')
    }
    expect((await callApi(port, { method: 'listExperiments', args: [] })).status).toBe(200)
  })

  it('serves the app shell without the token and never sets a cookie', async () => {
    for (const target of ['/', `/?token=${TOKEN}`, '/index.html']) {
      const page = await request(port, target)
      expect(page.status, target).toBe(200)
      expect(page.body).toBe(INDEX_HTML)
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.headers['set-cookie'], target).toBeUndefined()
    }
    const asset = await request(port, '/assets/app.js')
    expect(asset.status).toBe(200)
    expect(asset.body).toBe(ASSET_JS)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await request(port, '/no-such-file')).status).toBe(404)
  })

  it('sends content types, a HEAD without a body, and 404 for unknown paths', async () => {
    const types = {
      '/assets/style.css': 'text/css; charset=utf-8',
      '/assets/module.wasm': 'application/wasm',
    }
    for (const [target, type] of Object.entries(types)) {
      const res = await request(port, target, { headers: withToken() })
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe(type)
    }
    const head = await request(port, '/assets/app.js', { method: 'HEAD', headers: withToken() })
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(ASSET_JS.length))
    expect(head.body).toBe('')
    expect((await request(port, '/assets/nope.js', { headers: withToken() })).status).toBe(404)
    expect((await request(port, '/assets', { headers: withToken() })).status).toBe(404)
    expect((await request(port, '/assets/app.js', { method: 'DELETE', headers: withToken() })).status).toBe(405)
    expect((await request(port, '/api/events', { headers: withToken() })).status).toBe(426)
    expect((await request(port, '/api/other', { headers: withToken() })).status).toBe(404)
  })

  it('puts the security headers on every response, refusals included', async () => {
    for (const res of [await request(port, '/'), await request(port, `/?token=${TOKEN}`), await request(port, '/', { headers: { host: 'evil.example' } })]) {
      expect(res.headers['content-security-policy']).toBe(
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
      )
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
  })

  it('refuses foreign origins with 403, even with the token', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}/`]) {
      expect((await request(port, '/', { headers: withToken({ origin }) })).status, origin).toBe(403)
      const api = await request(port, '/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-benchtop-token': TOKEN, origin },
        body: '{"method":"listExperiments","args":[]}',
      })
      expect(api.status, origin).toBe(403)
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await callApi(port, { method: 'listExperiments', args: [] }, { origin })).status).toBe(200)
    }
  })

  it('refuses a Host that is not 127.0.0.1 or localhost on this port with 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `[::1]:${port}`]) {
      expect((await request(port, `/?token=${TOKEN}`, { headers: { host } })).status, host).toBe(403)
    }
    expect((await request(port, `/?token=${TOKEN}`, { headers: { host: `localhost:${port}` } })).status).toBe(200)
  })

  it('never serves a file outside the renderer folder, or a dot file', async () => {
    for (const target of [
      '/..%2f..%2fetc/passwd',
      '/%2e%2e/',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/.hidden',
      '/../secret.txt',
      '//etc/passwd',
    ]) {
      const res = await request(port, target, { headers: withToken() })
      expect([400, 404], target).toContain(res.status)
      expect(res.body).not.toContain(SECRET)
      expect(res.body).not.toContain('root:')
    }
    expect((await request(port, '/%E0%A4%A', { headers: withToken() })).status).toBe(400)
  })
})

describe('POST /api/call', () => {
  it('calls the core and answers { ok: true, result }', async () => {
    const res = await callApi(port, { method: 'listExperiments', args: [] })
    expect(res).toEqual({ status: 200, json: { ok: true, result: [{ id: 'shapes-cnn', title: 'Shapes' }] } })
    expect((await callApi(port, { method: 'getRun', args: ['run-1'] })).json).toEqual({ ok: true, result: { id: 'run-1', name: 'first' } })
    expect((await callApi(port, { method: 'listExperiments' })).json.ok).toBe(true)
    expect((await callApi(port, { method: 'cancelRun', args: ['run-1'] })).json).toEqual({ ok: true })
  })

  it('takes the token as the cookie too', async () => {
    const res = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body: '{"method":"readRunLog","args":["r"]}' })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ ok: true, result: 'log of r' })
  })

  it('answers 400 { ok: false } for an unknown method, bad arguments, or a body that is not a call', async () => {
    for (const call of [
      { method: 'nope', args: [] },
      { method: 'subscribe', args: [] },
      { method: '__proto__', args: [] },
      { method: 'getRun', args: ['../x'] },
      { method: 'getRun', args: [] },
      { method: 'getRun', args: 'run-1' },
      { method: 'listExperiments', args: [1] },
      [],
      'getRun',
    ]) {
      const res = await callApi(port, call)
      expect(res.status, JSON.stringify(call)).toBe(400)
      expect(res.json.ok).toBe(false)
      expect(res.json.error).toEqual(expect.any(String))
    }
    expect((await callApi(port, { method: 'getRun', args: ['../x'] })).json.error).toBe('getRun: argument 1 must be an id (letters, digits, _ . -)')
    const notJson = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body: '{nope' })
    expect(notJson.status).toBe(400)
  })

  it("passes the core's own errors on as 200 { ok: false, error }", async () => {
    expect(await callApi(port, { method: 'getRun', args: ['run-2'] })).toEqual({ status: 200, json: { ok: false, error: "no run 'run-2'" } })
  })

  it('answers 413 for a body over 1 MiB, and 405 and 415 for the wrong method or content type', async () => {
    const big = JSON.stringify({ method: 'listExperiments', args: [], pad: 'x'.repeat(1024 * 1024) })
    const res = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body: big })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body).ok).toBe(false)
    // Chunked, so the server finds out while reading rather than from Content-Length.
    const chunked = await request(port, '/api/call', {
      method: 'POST',
      headers: withToken({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      body: big,
    })
    expect(chunked.status).toBe(413)
    expect((await request(port, '/api/call', { headers: withToken() })).status).toBe(405)
    const form = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'text/plain' }), body: '{"method":"listExperiments","args":[]}' })
    expect(form.status).toBe(415)
    // Just under the limit still works.
    const fits = JSON.stringify({ method: 'listExperiments', args: [], pad: 'x'.repeat(1024 * 1024 - 100) })
    expect((await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body: fits })).status).toBe(200)
  })

  it('lets detectCandidates (an image as base64) send a body over 1 MiB, up to 64 MiB', async () => {
    const body = JSON.stringify({ method: 'detectCandidates', args: [{ name: 'big.png', dataBase64: 'A'.repeat(2 * 1024 * 1024) }] })
    const res = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body })
    // Past the size check: the fake core does not implement the method, so the call itself fails.
    expect(res.status).not.toBe(413)
    const extra = JSON.stringify({ method: 'detectCandidates', args: [{ name: 'x.png', dataBase64: '', path: '/etc/passwd' }] })
    const bad = await request(port, '/api/call', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), body: extra })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error).toMatch(/unknown field\(s\) path/)
  })
})

describe('close()', () => {
  it('frees the port and stops listening to the core', async () => {
    const core = fakeCore()
    const s = await startWebServer({ core, rendererDir: fixture.rendererDir, token: TOKEN })
    expect(core.listenerCount()).toBe(1)
    // A keep-alive connection must not hold the server open.
    const agentReq = await request(s.port, '/', { headers: withToken({ connection: 'keep-alive' }) })
    expect(agentReq.status).toBe(200)
    await s.close()
    await s.close()
    expect(core.listenerCount()).toBe(0)
    const again = net.createServer()
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject)
      again.listen(s.port, '127.0.0.1', () => resolve())
    })
    await new Promise((resolve) => again.close(resolve))
  })

  it('says which port is taken when it cannot listen', async () => {
    await expect(startWebServer({ core: fakeCore(), rendererDir: fixture.rendererDir, port })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`)
  })

  it('refuses to start without a built renderer', async () => {
    await expect(startWebServer({ core: fakeCore(), rendererDir: '/nonexistent' })).rejects.toThrow(/no built renderer/)
  })

  it('answers 429 with a message beyond 16 calls at once, or 2 calls carrying large bodies, and serves again after', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = { ...fakeCore(), listRuns: async () => (await gate, []), detectCandidates: async () => (await gate, null as never) }
    const s = await startWebServer({ core: slow, rendererDir: fixture.rendererDir, token: TOKEN })
    try {
      const held = Array.from({ length: MAX_CONCURRENT_CALLS }, () => callApi(s.port, { method: 'listRuns', args: [] }))
      // Wait until the server holds all of them.
      for (let i = 0; i < 200 && (await callApi(s.port, { method: 'listExperiments', args: [] })).status !== 429; i++) await new Promise((r) => setTimeout(r, 20))
      const refused = await callApi(s.port, { method: 'listExperiments', args: [] })
      expect(refused.status).toBe(429)
      expect(refused.json.error).toBe(`too many API calls at once (${MAX_CONCURRENT_CALLS} calls in progress); try again when one has finished`)
      release()
      expect((await Promise.all(held)).map((r) => r.status)).toEqual(held.map(() => 200))

      // Two image-carrying calls (bodies over 1 MiB, up to 64 MiB each) at once, not three.
      let releaseLarge: () => void = () => {}
      const largeGate = new Promise<void>((resolve) => (releaseLarge = resolve))
      let entered = 0
      slow.detectCandidates = async () => (entered++, await largeGate, null as never)
      const image = { method: 'detectCandidates', args: [{ name: 'a.png', dataBase64: 'A'.repeat(1536 * 1024) }] }
      const large = [callApi(s.port, image), callApi(s.port, image)]
      for (let i = 0; i < 500 && entered < 2; i++) await new Promise((r) => setTimeout(r, 20))
      const third = await callApi(s.port, image)
      expect(third.status).toBe(429)
      expect(third.json.error).toBe('too many API calls at once (2 calls carrying images in progress); try again when one has finished')
      releaseLarge()
      await Promise.all(large)
      expect((await callApi(s.port, { method: 'listExperiments', args: [] })).status).toBe(200)
    } finally {
      release()
      await s.close()
    }
  })

  it('leaves the server’s run folder paths out of replies about runs', async () => {
    const dir = '/home/someone/.benchtop/runs/run-1'
    const run = { id: 'run-1', name: 'first', dir, latest: {}, params: { data: '/data/pets' } }
    const core = { ...fakeCore(), getRun: async () => run as never, listRuns: async () => [run] as never }
    const s = await startWebServer({ core, rendererDir: fixture.rendererDir, token: TOKEN })
    try {
      const detail = await callApi(s.port, { method: 'getRun', args: ['run-1'] })
      expect(detail.json.result).toEqual({ id: 'run-1', name: 'first', latest: {}, params: { data: '/data/pets' } })
      const list = await callApi(s.port, { method: 'listRuns', args: [] })
      expect(JSON.stringify(list.json)).not.toContain(dir)
    } finally {
      await s.close()
    }
  })
})
