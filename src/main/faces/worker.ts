/**
 * Entry point of the face process: loads face-api's networks once (backend selection + weights)
 * and answers `faces` messages. The core starts one on the first `findFaces` call and keeps it
 * (src/main/core/faceService.ts), so TensorFlow never loads in the process that serves the UI.
 *
 *   core -> worker  { type: 'faces', id, name, dataBase64, model? }
 *   worker -> core  { type: 'result', id, result } | { type: 'error', id, message }
 *
 * With `model` (a run of an experiment with the `embed` capability) the run's own network
 * describes the whole image instead (runEmbedders.ts); face-api is then not loaded.
 */
import type { FaceImageResult } from '../../shared/api'
import { ImageReadError } from '../detection/image'
import { FaceAnalyzer } from './analyzer'
import { RunEmbedders, type EmbeddingModelRef } from './runEmbedders'

export interface FaceRequest {
  type: 'faces'
  id: number
  name: string
  dataBase64: string
  /** Describe the whole image with this run's embedding network instead of finding faces. */
  model?: EmbeddingModelRef
}

export type FaceReply = { type: 'result'; id: number; result: FaceImageResult } | { type: 'error'; id: number; message: string }

let analyzer: Promise<FaceAnalyzer> | null = null
/** One image at a time: the backend is shared, and a queue keeps memory flat. */
let queue: Promise<unknown> = Promise.resolve()

function loadAnalyzer(): Promise<FaceAnalyzer> {
  if (!analyzer) {
    // BENCHTOP_FACE_BACKEND pins a backend (tests, the bench); else the first that works.
    const backend = process.env.BENCHTOP_FACE_BACKEND as FaceAnalyzer['backend'] | undefined
    analyzer = FaceAnalyzer.create({ backend: backend || undefined })
    analyzer.catch(() => (analyzer = null))
  }
  return analyzer
}

let embedders: RunEmbedders | null = null

function send(reply: FaceReply): void {
  if (process.connected) process.send!(reply)
}

async function findFaces(request: FaceRequest): Promise<FaceImageResult> {
  const comma = request.dataBase64.startsWith('data:') ? request.dataBase64.indexOf(',') : -1
  const bytes = Buffer.from(comma >= 0 ? request.dataBase64.slice(comma + 1) : request.dataBase64, 'base64')
  try {
    if (request.model) {
      embedders ??= new RunEmbedders((process.env.BENCHTOP_FACE_BACKEND as FaceAnalyzer['backend'] | undefined) || undefined)
      return await embedders.describe(bytes, request.name, request.model)
    }
    const a = await loadAnalyzer()
    return await a.analyse(bytes, request.name)
  } catch (error) {
    if (error instanceof ImageReadError) throw new Error(`${request.name}: ${error.message.startsWith('not a readable') || error.message.startsWith('too ') || error.message.startsWith('empty') ? error.message : `not a readable image: ${error.message}`}`)
    throw error
  }
}

process.on('message', (message: FaceRequest) => {
  if (!message || message.type !== 'faces') return
  queue = queue.then(async () => {
    try {
      send({ type: 'result', id: message.id, result: await findFaces(message) })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      send({ type: 'error', id: message.id, message: text.startsWith(`${message.name}: `) ? text : `${message.name}: ${text}` })
    }
  })
})
// The core is gone: nothing left to answer.
process.on('disconnect', () => process.exit(0))
