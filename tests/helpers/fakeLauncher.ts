import type { Launcher, LaunchOptions, TrainingProcess } from '../../src/main/training/launcher'
import type { FromWorker, ToWorker } from '../../src/main/training/protocol'

/** A training process driven by the test: it says what the test makes it say, and ends when told. */
export class FakeTrainingProcess implements TrainingProcess {
  readonly pid = undefined
  readonly sent: ToWorker[] = []
  readonly killed: string[] = []
  private messageListeners: Array<(m: FromWorker) => void> = []
  private exitListeners: Array<(code: number | null, signal: string | null) => void> = []

  constructor(readonly options: LaunchOptions) {}

  send(message: ToWorker): void {
    this.sent.push(message)
  }
  onMessage(listener: (message: FromWorker) => void): void {
    this.messageListeners.push(listener)
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener)
  }
  kill(signal?: NodeJS.Signals): void {
    this.killed.push(signal ?? 'SIGTERM')
  }

  say(message: FromWorker): void {
    for (const listener of this.messageListeners) listener(message)
  }
  exit(code: number | null, signal: string | null = null): void {
    for (const listener of this.exitListeners) listener(code, signal)
  }
}

/** A launcher that records every process it starts. */
export function fakeLauncher(): { launcher: Launcher; processes: FakeTrainingProcess[] } {
  const processes: FakeTrainingProcess[] = []
  return {
    processes,
    launcher: (options) => {
      const child = new FakeTrainingProcess(options)
      processes.push(child)
      return child
    },
  }
}
