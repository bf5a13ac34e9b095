/**
 * A launcher whose "training processes" run in this process: each reports one loss point per step
 * and per-epoch accuracies, then ends, when the test releases it. Lets the study tests watch the
 * queue (how many run at once, in which order) without training anything.
 */
import type { Launcher, TrainingProcess } from '../../src/main/training/launcher'
import type { FromWorker, TrainJob } from '../../src/main/training/protocol'

export interface FakeRun {
  job: TrainJob
  /** Lets the run report its points and finish ('completed'), or end as cancelled. */
  finish(status?: 'completed' | 'cancelled'): void
  cancelled: boolean
}

export function fakeLauncher() {
  const started: FakeRun[] = []
  let running = 0
  let maxRunning = 0
  let nextPid = 100000
  const launcher: Launcher = () => {
    const listeners: Array<(m: FromWorker) => void> = []
    const exits: Array<(code: number | null, signal: string | null) => void> = []
    const say = (m: FromWorker) => listeners.forEach((l) => l(m))
    let ended = false
    const end = (status: 'completed' | 'cancelled') => {
      if (ended) return
      ended = true
      running--
      say({ type: 'done', status })
      exits.forEach((l) => l(0, null))
    }
    const child: TrainingProcess = {
      pid: nextPid++,
      send(message) {
        if (message.type === 'cancel') {
          const run = started.find((r) => r.job.runId === current?.job.runId)
          if (run) run.cancelled = true
          setTimeout(() => end('cancelled'), 5)
          return
        }
        if (message.type !== 'train') return
        running++
        maxRunning = Math.max(maxRunning, running)
        const job = message.job
        const epochs = Number(job.config.epochs ?? 2)
        const base = Date.now()
        current = {
          job,
          cancelled: false,
          finish(status = 'completed') {
            if (status === 'completed') {
              const acc = job.config.shortcut === false ? 0.5 : 0.75
              for (let e = 1; e <= epochs; e++) {
                const t = base + e * 1000
                say({ type: 'metrics', name: 'loss', points: [{ step: 2 * e - 1, epoch: e, time: t - 600, value: 1 / e }, { step: 2 * e, epoch: e, time: t - 300, value: 1 / e }] })
                say({ type: 'metrics', name: 'epoch_accuracy', points: [{ step: 2 * e, epoch: e, time: t - 200, value: acc * (e / epochs) }] })
                say({ type: 'metrics', name: 'val_accuracy', points: [{ step: 2 * e, epoch: e, time: t, value: acc * (e / epochs) - 0.1 }] })
              }
              say({ type: 'sample', name: 'model', step: 0, value: { params: job.config.shortcut === false ? 100 : 120 } })
            }
            setTimeout(() => end(status), 1)
          },
        }
        started.push(current)
      },
      onMessage: (l) => listeners.push(l),
      onExit: (l) => exits.push(l),
      kill: () => end('cancelled'),
    }
    let current: FakeRun | null = null
    return child
  }
  return {
    launcher,
    started,
    get running() {
      return running
    },
    get maxRunning() {
      return maxRunning
    },
  }
}
