/**
 * The inference process through the core: the core answers API calls while a prediction blocks
 * the inference process; a crash rejects the waiting callers with the reason and the next request
 * starts a new process; time limits, cancellation, a process that ignores a cancel, and malformed
 * messages in either direction.
 */
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import { InferenceHost } from '../../src/main/inference/host'
import { forkInferenceLauncher } from '../../src/main/inference/launcher'
import { parseReply, parseRequest } from '../../src/main/inference/protocol'
import { tempHome } from '../helpers/cli'

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const TEST_WORKER = { file: path.join(__dirname, '..', 'helpers', 'inferenceTestWorker.ts'), execArgv: ['--import', tsx] }
const launcher = forkInferenceLauncher(TEST_WORKER)

const hosts: InferenceHost[] = []
const cores: BenchtopCore[] = []
afterAll(async () => {
  await Promise.all([...hosts.map((h) => h.shutdown()), ...cores.map((c) => c.shutdown())])
})
function host(options?: ConstructorParameters<typeof InferenceHost>[1]): InferenceHost {
  const h = new InferenceHost(launcher, options)
  hosts.push(h)
  return h
}
const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: Error) => e.message,
  )

describe('the core while a prediction runs', () => {
  it('answers every listRuns call while the inference process is blocked in a prediction', async () => {
    const home = tempHome()
    const core = new BenchtopCore({ home, inferenceLauncher: launcher })
    cores.push(core)
    const run = core.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: { config: {}, seed: 1, data: null, backend: null } })
    let settled = false
    const prediction = dispatch(core, 'predictImages', [run.id, [{ name: 'a.png', dataBase64: '' }]]).finally(() => (settled = true))
    // The inference process is started and busy; the core's own event loop goes on serving.
    const N = 25
    let answered = 0
    for (let i = 0; i < N; i++) {
      const runs = (await dispatch(core, 'listRuns', [])) as Array<{ id: string }>
      if (runs.some((r) => r.id === run.id)) answered++
    }
    expect(answered).toBe(N)
    expect(settled).toBe(false)
    writeFileSync(path.join(home, 'release'), '')
    const result = (await prediction) as { runId: string; blockedPid: number }
    expect(result.runId).toBe(run.id)
    // It ran in the inference process, not here.
    expect(result.blockedPid).toBe(core.inference.pid)
    expect(result.blockedPid).not.toBe(process.pid)
  }, 120_000)
})

describe('InferenceHost', () => {
  it('runs a request in one long-lived process and keeps it for the next', async () => {
    const h = host()
    const a = await h.call<{ echoed: unknown; pid: number }>('test/echo', { x: [1, 2], bytes: new Uint8Array([3, 4]) })
    expect(a.echoed).toEqual({ x: [1, 2], bytes: new Uint8Array([3, 4]) })
    const b = await h.call<{ pid: number }>('test/echo', null)
    expect(b.pid).toBe(a.pid)
    expect(a.pid).not.toBe(process.pid)
    expect(h.started).toBe(1)
  }, 60_000)

  it('rejects every waiting caller when the process crashes, then starts a new one', async () => {
    const h = host()
    const first = await h.call<{ pid: number }>('test/echo', 1)
    // One request at a time: the second waits in the process's queue behind the crash.
    const crash = h.call('test/crash', null, { what: 'the crashing request' })
    const waiting = h.call('test/echo', 'queued', { what: 'the waiting request' })
    expect(await messageOf(crash)).toBe('the crashing request: the inference process exited with code 7; a new one starts with the next request')
    expect(await messageOf(waiting)).toBe('the waiting request: the inference process exited with code 7; a new one starts with the next request')
    const after = await h.call<{ pid: number }>('test/echo', 2)
    expect(after.pid).not.toBe(first.pid)
    expect(h.started).toBe(2)
  }, 60_000)

  it('stops waiting at the time limit or a cancel, and the process goes on serving', async () => {
    const h = host()
    expect(await messageOf(h.call('test/wait-for-cancel', null, { timeoutMs: 300, what: 'the slow request' }))).toBe('the slow request took longer than 300 ms and was stopped')
    const abort = new AbortController()
    const cancelled = h.call('test/wait-for-cancel', null, { signal: abort.signal, what: 'the request' })
    abort.abort()
    expect(await messageOf(cancelled)).toBe('the request was cancelled')
    const pid = h.pid
    expect((await h.call<{ pid: number }>('test/echo', 3)).pid).toBe(pid)
    expect(h.started).toBe(1)
  }, 60_000)

  it('ends and restarts a process whose handler ignores a cancel, telling the callers queued behind it', async () => {
    const home = tempHome()
    const h = host({ cancelGraceMs: 500 })
    // The process is up before the stuck request is sent, and the time limit is long enough for
    // the handler to have started on a loaded machine: a cancel that arrives before the handler
    // runs is honoured at once, and nothing would be stuck.
    expect((await h.call<{ echoed: string }>('test/echo', 'warm')).echoed).toBe('warm')
    const stuck = h.call('test/stuck', { file: path.join(home, 'never') }, { timeoutMs: 3000, what: 'the stuck request' })
    const queued = h.call('test/echo', 'behind', { what: 'the queued request' })
    expect(await messageOf(stuck)).toBe('the stuck request took longer than 3 s and was stopped')
    expect(await messageOf(queued)).toBe(
      'the queued request: the inference process was ended because the stuck request did not stop within 500 ms of being cancelled; a new one starts with the next request',
    )
    expect((await h.call<{ echoed: string }>('test/echo', 'next')).echoed).toBe('next')
    expect(h.started).toBe(2)
  }, 60_000)

  it('answers unknown handlers, errors that are not Error objects and results that cannot be sent', async () => {
    const h = host()
    expect(await messageOf(h.call('no-such-thing', null))).toMatch(/^no inference handler named 'no-such-thing'; known: detect-candidates, find-faces, classify, model-summary, lm-score, lm-sample/)
    expect(await messageOf(h.call('test/throw-string', null))).toBe('not an Error object')
    expect(await messageOf(h.call('test/function-result', null))).toMatch(/^the result could not be sent back: /)
    expect(await messageOf(h.call('test/echo', { f: () => 1 }, { what: 'the request' }))).toMatch(/^the request: could not be sent to the inference process: /)
    expect(h.started).toBe(1)
  }, 60_000)
})

describe('the protocol', () => {
  it('the worker answers malformed messages with an error and keeps serving', async () => {
    const child = fork(TEST_WORKER.file, [], { execArgv: TEST_WORKER.execArgv, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' })
    const replies: unknown[] = []
    const next = () => new Promise<unknown>((resolve) => child.once('message', (m) => resolve(m)))
    try {
      for (const bad of ['hello', { type: 'call', handler: 'test/echo' }, { type: 'call', id: 1 }, { type: 'dance', id: 2 }, { type: 'forget' }]) {
        const reply = next()
        child.send(bad)
        replies.push(await reply)
      }
      expect(replies).toEqual([
        { type: 'error', id: null, message: 'malformed request: not an object: string' },
        { type: 'error', id: null, message: 'malformed request: call without a positive whole-number id' },
        { type: 'error', id: 1, message: 'malformed request: call without a handler name' },
        { type: 'error', id: 2, message: 'malformed request: unknown message type "dance"' },
        { type: 'error', id: null, message: 'malformed request: forget without a prefix' },
      ])
      const ok = next()
      child.send({ type: 'call', id: 3, handler: 'test/echo', input: 'still here' })
      expect(await ok).toMatchObject({ type: 'result', id: 3, value: { echoed: 'still here' } })
    } finally {
      child.kill()
    }
  }, 60_000)

  it('the core reads only well-formed replies', () => {
    expect(parseReply({ type: 'result', id: 4, value: 1 })).toEqual({ type: 'result', id: 4, value: 1 })
    expect(parseReply({ type: 'result', id: -1, value: 1 })).toBeNull()
    expect(parseReply({ type: 'error', id: 4 })).toBeNull()
    expect(parseReply('result')).toBeNull()
    expect(parseRequest({ type: 'cancel', id: 1.5 })).toEqual({ problem: 'cancel without a positive whole-number id', id: null })
  })
})
