import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createUtilityLauncher } from '../../src/main/electron/utilityLauncher'
import type { FromWorker } from '../../src/main/training/protocol'

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242
  readonly stdout: PassThrough | null
  readonly stderr: PassThrough | null
  readonly postMessage = vi.fn()
  readonly kill = vi.fn(() => true)

  constructor(readonly modulePath: string, readonly args: string[], readonly options: { stdio?: unknown }) {
    super()
    const piped = options.stdio === 'pipe'
    this.stdout = piped ? new PassThrough() : null
    this.stderr = piped ? new PassThrough() : null
  }
}

const forked = vi.hoisted(() => [] as unknown[])

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string, args: string[], options: { stdio?: unknown }) => {
      const child = new FakeUtilityProcess(modulePath, args, options)
      forked.push(child)
      return child
    },
  },
}))

const launch = createUtilityLauncher('/app/out/main/worker.js')
const last = () => forked.at(-1) as FakeUtilityProcess

function tempLog(initial = ''): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'benchtop-log-')), 'train.log')
  writeFileSync(file, initial)
  return file
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check()).toBe(true)
}

afterEach(() => vi.restoreAllMocks())

describe('createUtilityLauncher', () => {
  it('forks the built worker as a named utility process', () => {
    launch({ logPath: tempLog() })
    const child = last()
    expect(child.modulePath).toBe('/app/out/main/worker.js')
    expect(child.args).toEqual([])
    expect(child.options).toMatchObject({ stdio: 'pipe', serviceName: 'Benchtop training' })
    expect((child.options as { env?: Record<string, string> }).env?.BENCHTOP_WORKER).toBe('1')
  })

  it('does not pipe output that has no log to go to', () => {
    launch({ logPath: null })
    expect(last().options).toMatchObject({ stdio: 'ignore' })
  })

  it('relays messages both ways and the exit code', () => {
    const training = launch({ logPath: null })
    const child = last()
    expect(training.pid).toBe(4242)
    training.send({ type: 'cancel' })
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'cancel' })

    const messages: FromWorker[] = []
    const exits: Array<[number | null, string | null]> = []
    training.onMessage((m) => messages.push(m))
    training.onExit((code, signal) => exits.push([code, signal]))
    const message: FromWorker = { type: 'log', line: 'epoch 1' }
    child.emit('message', message)
    expect(messages).toEqual([message])
    child.emit('exit', 3)
    expect(exits).toEqual([[3, null]])
    // Nothing is posted to a process that is gone.
    training.send({ type: 'cancel' })
    expect(child.postMessage).toHaveBeenCalledTimes(1)
  })

  it('appends stdout and stderr to the log', async () => {
    const logPath = tempLog('[core] started\n')
    launch({ logPath })
    const child = last()
    child.stdout!.write('stdout line\n')
    child.stderr!.write('stderr line\n')
    child.stdout!.end()
    child.stderr!.end()
    child.emit('exit', 0)
    await waitFor(() => readFileSync(logPath, 'utf8').split('\n').length >= 4)
    const log = readFileSync(logPath, 'utf8')
    expect(log.startsWith('[core] started\n')).toBe(true)
    expect(log).toContain('stdout line\n')
    expect(log).toContain('stderr line\n')
  })

  it('stops politely with kill() and reports a clean exit as such', () => {
    const training = launch({ logPath: null })
    const child = last()
    const exits: Array<[number | null, string | null]> = []
    training.onExit((code, signal) => exits.push([code, signal]))
    training.kill()
    expect(child.kill).toHaveBeenCalled()
    child.emit('exit', 0)
    expect(exits).toEqual([[0, null]])
  })

  it('hard-kills the pid for SIGKILL and reports the signal', () => {
    const processKill = vi.spyOn(process, 'kill').mockImplementation(() => true)
    const training = launch({ logPath: null })
    const child = last()
    const exits: Array<[number | null, string | null]> = []
    training.onExit((code, signal) => exits.push([code, signal]))
    training.kill('SIGKILL')
    expect(processKill).toHaveBeenCalledWith(4242, 'SIGKILL')
    // SIGTERM would only ask the worker to cancel; it must not be the way a hard stop goes.
    expect(child.kill).not.toHaveBeenCalled()
    child.emit('exit', 9)
    expect(exits).toEqual([[null, 'SIGKILL']])
  })

  it('survives a utility process error event', () => {
    launch({ logPath: null })
    expect(() => last().emit('error', 'FatalError', 'somewhere', '{}')).not.toThrow()
  })
})
