/**
 * The inference process as an Electron utility process (faked here): forked from the built entry
 * with a name, messages both ways, the exit code and stderr's tail reach the host, a send after
 * the exit throws (the host turns that into the caller's error), and SIGKILL signals the pid.
 */
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { createUtilityInferenceLauncher } from '../../src/main/electron/inferenceLauncher'

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4343
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  readonly postMessage = vi.fn()
  readonly kill = vi.fn(() => true)
  constructor(readonly modulePath: string, readonly options: Record<string, unknown>) {
    super()
  }
}

const forked = vi.hoisted(() => [] as unknown[])
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string, _args: string[], options: Record<string, unknown>) => {
      const child = new FakeUtilityProcess(modulePath, options)
      forked.push(child)
      return child
    },
  },
}))

describe('createUtilityInferenceLauncher', () => {
  it('forks the built entry as a named utility process and relays messages, exit and stderr', async () => {
    const launch = createUtilityInferenceLauncher('/app/out/main/inferenceWorker.js')
    const proc = launch()
    const child = forked.at(-1) as FakeUtilityProcess
    expect(child.modulePath).toBe('/app/out/main/inferenceWorker.js')
    expect(child.options).toMatchObject({ stdio: 'pipe', serviceName: 'Benchtop inference' })
    expect(proc.pid).toBe(4343)

    proc.send({ type: 'call', id: 1, handler: 'classify', input: {} })
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'call', id: 1, handler: 'classify', input: {} })
    const got: unknown[] = []
    proc.onMessage((m) => got.push(m))
    child.emit('message', { type: 'result', id: 1, value: 2 })
    expect(got).toEqual([{ type: 'result', id: 1, value: 2 }])

    child.stderr.write('loading\nSegmentation fault\n')
    await new Promise((r) => setImmediate(r))
    const exits: Array<[number | null, string | null]> = []
    proc.onExit((code, signal) => exits.push([code, signal]))
    child.emit('exit', 139)
    expect(exits).toEqual([[139, null]])
    expect(proc.stderrTail()).toContain('Segmentation fault')
    expect(() => proc.send({ type: 'cancel', id: 1 })).toThrow(/ended/)
  })

  it('ends a stuck process by signalling its pid', () => {
    const proc = createUtilityInferenceLauncher('/x/inferenceWorker.js')()
    const child = forked.at(-1) as FakeUtilityProcess
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true)
    proc.kill('SIGKILL')
    expect(kill).toHaveBeenCalledWith(4343, 'SIGKILL')
    expect(child.kill).not.toHaveBeenCalled()
    kill.mockRestore()
    proc.kill()
    expect(child.kill).toHaveBeenCalled()
  })
})
