/**
 * `benchtop cancel` (or a second app) stopping a run that the Electron app trains in a utility
 * process. Chromium starts a utility process as `electron --type=utility ...`: the worker's script
 * and its `--benchtop-run=<id>` argument travel over IPC and never appear in /proc/PID/cmdline, so
 * the command-line check alone refused every such cancel. The launcher's environment
 * (BENCHTOP_WORKER=1, BENCHTOP_RUN=<id>) is what /proc shows for it. Here `utilityProcess.fork` is
 * replaced by a real process started the way Chromium starts one: the given environment, a
 * command line without the script or its arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { createUtilityLauncher } from '../../src/main/electron/utilityLauncher'
import { tempHome, waitFor } from '../helpers/cli'
import { fakeLauncher } from '../helpers/fakeLauncher'

const started = vi.hoisted(() => [] as ChildProcess[])

vi.mock('electron', async () => {
  const { spawn: spawnChild } = await import('node:child_process')
  const { EventEmitter: Emitter } = await import('node:events')
  return {
    utilityProcess: {
      fork: (_modulePath: string, _args: string[], options: { env?: NodeJS.ProcessEnv }) => {
        const child = spawnChild(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '--type=utility', '--utility-sub-type=node.mojom.NodeService'], {
          env: options.env,
          stdio: 'ignore',
        })
        started.push(child)
        const wrapper = Object.assign(new Emitter(), { pid: child.pid, stdout: null, stderr: null, postMessage: () => {}, kill: () => child.kill() })
        child.on('exit', (code) => wrapper.emit('exit', code ?? 0))
        return wrapper
      },
    },
  }
})

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode)
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
}

/** A run that the "app" (this process, through the utility launcher) trains, as another process sees it in meta.json. */
async function appRun(home: string, env?: { runId: string }) {
  const owner = new BenchtopCore({ home, launcher: fakeLauncher().launcher })
  const { id } = owner.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
  const training = createUtilityLauncher('/opt/Benchtop/resources/app.asar/out/main/worker.js')({ logPath: null, runId: env?.runId ?? id })
  await waitFor(() => training.pid !== undefined, 10_000, 'the utility process')
  owner.store.updateMeta(id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid, workerPid: training.pid! })
  return { id, child: started.at(-1)! }
}

describe.skipIf(process.platform !== 'linux')('cancel of a run trained by the Electron app', () => {
  it("signals the app's utility process of that run, found by its environment", async () => {
    const home = tempHome()
    const { id, child } = await appRun(home)
    // What /proc shows: no script, no run argument on the command line.
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).not.toContain('--benchtop-run=')
    // Another Benchtop process (the command line's core, its own worker entry in out/cli).
    const other = new BenchtopCore({ home, launcher: fakeLauncher().launcher })
    await other.cancelRun(id)
    expect(await exited(child)).toBe('SIGTERM')
  })

  it('never signals a utility process started for another run', async () => {
    const home = tempHome()
    const { id, child } = await appRun(home, { runId: '20260101-000000-zzzz' })
    const other = new BenchtopCore({ home, launcher: fakeLauncher().launcher })
    await expect(other.cancelRun(id)).rejects.toThrow(/not a Benchtop training process of this run/)
    expect(child.exitCode === null && child.signalCode === null).toBe(true)
    child.kill('SIGKILL')
  })
})
