/**
 * The core's side of the inference process: one long-lived child (worker.ts), started on the
 * first request and kept, so every model loads once and no network ever runs in the process that
 * serves the UI. Requests carry ids; each has a time limit and may be cancelled; if the process
 * dies, every caller waiting on it gets an error saying so, and the next request starts a new one.
 */
import { forkInferenceLauncher, type InferenceLauncher, type InferenceProcess } from './launcher'
import { parseReply } from './protocol'

export interface CallOptions {
  /** Give up after this long (default: the host's `timeoutMs`). */
  timeoutMs?: number
  /** Aborting it cancels the request. */
  signal?: AbortSignal
  /** What the request does, for messages ("classify with run 20260101-..."); default: the handler's name. */
  what?: string
}

export interface InferenceHostOptions {
  /** Default time limit of a request: a ResNet-50 on a large batch, plus loading it, fits. */
  timeoutMs?: number
  /** How long a cancelled request may go on running before the process is ended and restarted. */
  cancelGraceMs?: number
}

interface Pending {
  what: string
  process: InferenceProcess
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout | null
  cleanup: () => void
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000
const DEFAULT_CANCEL_GRACE_MS = 15_000

export class InferenceHost {
  private child: InferenceProcess | null = null
  private readonly pending = new Map<number, Pending>()
  /** Cancelled requests the process has not answered yet: ended if it goes on too long. */
  private readonly stopping = new Map<number, NodeJS.Timeout>()
  /** Why the host itself ended a process, for the callers still waiting on it. */
  private readonly endedBecause = new WeakMap<InferenceProcess, string>()
  private nextId = 1
  private starts = 0
  private readonly timeoutMs: number
  private readonly cancelGraceMs: number

  constructor(
    private readonly launcher: InferenceLauncher = forkInferenceLauncher(),
    options: InferenceHostOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS
  }

  /** The process's id, while one runs. */
  get pid(): number | undefined {
    return this.child?.pid
  }

  /** How many processes this host has started (a crash and the next request make it 2). */
  get started(): number {
    return this.starts
  }

  /** Runs handler `handler` on `input` in the inference process. */
  call<O>(handler: string, input: unknown, options: CallOptions = {}): Promise<O> {
    const what = options.what ?? handler
    if (options.signal?.aborted) return Promise.reject(new Error(`${what} was cancelled`))
    const child = this.process()
    const id = this.nextId++
    return new Promise<O>((resolve, reject) => {
      const onAbort = () => this.giveUp(id, `${what} was cancelled`)
      const limit = options.timeoutMs ?? this.timeoutMs
      const pending: Pending = {
        what,
        process: child,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => this.giveUp(id, `${what} took longer than ${formatSeconds(limit)} and was stopped`), limit),
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      }
      this.pending.set(id, pending)
      options.signal?.addEventListener('abort', onAbort, { once: true })
      try {
        child.send({ type: 'call', id, handler, input })
      } catch (error) {
        this.settle(id)?.reject(new Error(`${what}: could not be sent to the inference process: ${(error as Error).message}`))
      }
    })
  }

  /** Frees the models the process holds for a run (it was deleted). */
  forgetRun(runDir: string): void {
    try {
      this.child?.send({ type: 'forget', prefix: `${runDir}\0` })
    } catch {
      // Gone already: nothing is held.
    }
  }

  /** Ends the process (if any) and waits for it; waiting callers get an error. */
  async shutdown(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    this.endedBecause.set(child, 'was shut down')
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      child.onExit(() => {
        clearTimeout(timer)
        done()
      })
      child.kill('SIGTERM')
    })
  }

  private process(): InferenceProcess {
    if (this.child) return this.child
    const child = this.launcher()
    this.starts++
    this.child = child
    child.onMessage((raw) => this.onReply(child, raw))
    child.onExit((code, signal, error) => {
      if (this.child === child) this.child = null
      const why = this.endedBecause.get(child) ?? (error ? `could not start: ${error.message}` : signal ? `was stopped (${signal})` : `exited with code ${code}`)
      const tail = child
        .stderrTail()
        .trim()
        .split('\n')
        .filter((l) => l.trim())
        .slice(-3)
        .join(' | ')
      for (const [id, pending] of [...this.pending]) {
        if (pending.process !== child) continue
        this.settle(id)?.reject(new Error(`${pending.what}: the inference process ${why}${tail ? ` (${tail})` : ''}; a new one starts with the next request`))
      }
      for (const [id, timer] of this.stopping) {
        clearTimeout(timer)
        this.stopping.delete(id)
      }
    })
    return child
  }

  private onReply(child: InferenceProcess, raw: unknown): void {
    const reply = parseReply(raw)
    if (!reply) return void process.emitWarning(`the inference process sent a malformed message: ${describe(raw)}`)
    if (reply.id === null) return void process.emitWarning(`the inference process could not read a request: ${reply.type === 'error' ? reply.message : ''}`)
    const timer = this.stopping.get(reply.id)
    if (timer) {
      clearTimeout(timer)
      this.stopping.delete(reply.id)
    }
    const pending = this.pending.get(reply.id)
    if (!pending || pending.process !== child) return
    this.settle(reply.id)
    if (reply.type === 'result') pending.resolve(reply.value)
    else pending.reject(new Error(reply.message))
  }

  /** The caller stops waiting now; the process is asked to stop, and ended if it does not within the grace time. */
  private giveUp(id: number, message: string): void {
    const pending = this.settle(id)
    if (!pending) return
    pending.reject(new Error(message))
    const child = pending.process
    try {
      child.send({ type: 'cancel', id })
    } catch {
      return
    }
    this.stopping.set(
      id,
      setTimeout(() => {
        this.stopping.delete(id)
        if (this.child !== child) return
        this.child = null
        const why = `was ended because ${pending.what} did not stop within ${formatSeconds(this.cancelGraceMs)} of being cancelled`
        this.endedBecause.set(child, why)
        process.emitWarning(`the inference process ${why}`)
        child.kill('SIGKILL')
      }, this.cancelGraceMs),
    )
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id)
    if (!pending) return undefined
    this.pending.delete(id)
    if (pending.timer) clearTimeout(pending.timer)
    pending.cleanup()
    return pending
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`
}

function describe(raw: unknown): string {
  try {
    return JSON.stringify(raw)?.slice(0, 200) ?? String(raw)
  } catch {
    return String(raw)
  }
}
