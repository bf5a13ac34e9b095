/**
 * `findFaces` for the core: a long-lived face process (src/main/faces/worker.ts), started on the
 * first call, reused for every image after it (the networks load once), restarted if it dies, and
 * killed by `shutdown()`. Same pattern as detectionService.ts: no network in the UI's process.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { DetectImage, FaceImageResult } from '../../shared/api'
import type { EmbeddingModelRef } from '../faces/runEmbedders'
import type { FaceReply, FaceRequest } from '../faces/worker'

const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * The worker's entry: a built `faceWorker.js` beside the bundle if one exists, else the
 * TypeScript source through tsx (source mode, and a bundle built inside a checkout).
 */
export function faceWorkerEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts')
  const built = path.join(here, 'faceWorker.js')
  if (!fromSource && existsSync(built)) return { file: built, execArgv: [] }
  const source = fromSource ? path.join(here, '..', 'faces', 'worker.ts') : path.resolve(here, '..', '..', 'src', 'main', 'faces', 'worker.ts')
  const require = createRequire(import.meta.url)
  const tsx = pathToFileURL(require.resolve('tsx')).href
  return { file: source, execArgv: ['--import', tsx] }
}

interface Pending {
  resolve: (result: FaceImageResult) => void
  reject: (error: Error) => void
}

/** Lines of the worker's stderr kept to explain a crash. */
const STDERR_TAIL = 4096

export class FaceService {
  private child: ChildProcess | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private stderr = ''

  /** The worker's process id, while one runs. */
  get pid(): number | undefined {
    return this.child?.pid
  }

  /** With `model`, the run's embedding network describes the whole image (one "face"). */
  findFaces(image: DetectImage, model?: EmbeddingModelRef): Promise<FaceImageResult> {
    const child = this.worker()
    const id = this.nextId++
    return new Promise<FaceImageResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      const request: FaceRequest = { type: 'faces', id, name: image.name, dataBase64: image.dataBase64, ...(model ? { model } : {}) }
      child.send(request, (error) => {
        if (error && this.pending.delete(id)) reject(new Error(`${image.name}: the face process is not reachable: ${error.message}`))
      })
    })
  }

  /** Kills the worker (if any) and waits for it to end; pending calls reject. */
  async shutdown(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      child.once('exit', () => {
        clearTimeout(timer)
        done()
      })
      child.kill('SIGTERM')
    })
  }

  private worker(): ChildProcess {
    if (this.child) return this.child
    const entry = faceWorkerEntry()
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, BENCHTOP_WORKER: '1' },
      serialization: 'advanced',
    })
    this.stderr = ''
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-STDERR_TAIL)
    })
    child.on('message', (message: FaceReply) => {
      const pending = this.pending.get(message.id)
      if (!pending) return
      this.pending.delete(message.id)
      if (message.type === 'result') pending.resolve(message.result)
      else pending.reject(new Error(message.message))
    })
    const ended = (why: string) => {
      if (this.child === child) this.child = null
      const tail = this.stderr.trim().split('\n').slice(-3).join(' | ')
      for (const [id, pending] of this.pending) {
        this.pending.delete(id)
        pending.reject(new Error(`the face process ${why}${tail ? `: ${tail}` : ''}`))
      }
    }
    child.on('exit', (code, signal) => ended(signal ? `was stopped (${signal})` : `exited with code ${code}`))
    child.on('error', (error) => ended(`failed: ${error.message}`))
    this.child = child
    return child
  }
}
