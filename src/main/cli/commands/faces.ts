/**
 * `benchtop faces IMAGE... [--threshold T] [--json]`: every face of every image, and for every
 * pair of faces their descriptor distance and verdict (same person when distance <= T).
 *
 * `--model RUN [--checkpoint C]`: a finished run with the `embed` capability (triplet) describes
 * each whole image instead, so any two images of its kind are compared; the threshold defaults
 * to the run's best on its held-out pairs.
 *
 * The networks run in the core's inference process (src/main/inference), as for the app. Each
 * problem (unreadable, too large, no face, the same file twice) is one line naming the file; the
 * other images are still processed. Exit code 1 when an image could not be read.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import type { FaceImageResult } from '../../../shared/api'
import { DEFAULT_FACE_THRESHOLD, distanceMatrix, facePairs, groupFaces, type FacePair, type FaceRef } from '../../../shared/faces/similarity'
import { FACE_LIMITS } from '../../faces/limits'
import { flagString, parseArgs, UsageError } from '../args'
import { FACES_USAGE } from './faces.usage'
import { printJson, type CliContext } from '../context'
import { table } from '../format'

export interface FacesImageJson {
  file: string
  faces: { box: [number, number, number, number]; score: number }[]
  /** Why the image has no faces listed, when it was not analysed. */
  error?: string
  /** The index of an earlier image with the same bytes (this one was not analysed again). */
  duplicateOf?: number
  /** Faces found but smaller than the detector handles reliably (not listed, not compared). */
  tooSmall?: number
}

export interface FacesJson {
  images: FacesImageJson[]
  pairs: FacePair[]
  threshold: number
  /** With --model: the run and checkpoint whose network described the images. */
  model?: { runId: string; checkpoint: string; epoch: number }
}

function threshold(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FACE_THRESHOLD
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 4) throw new UsageError(`--threshold must be a distance from 0 to 4, got '${value}'`)
  return n
}

async function readImage(file: string): Promise<Buffer> {
  let info
  try {
    info = await stat(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? 'no such file' : `cannot read the file: ${(error as Error).message}`)
  }
  if (info.isDirectory()) throw new Error('is a folder, not an image file')
  if (!info.isFile()) throw new Error('not a regular file')
  if (info.size === 0) throw new Error('empty file (0 bytes)')
  if (info.size > FACE_LIMITS.maxBytes) throw new Error(`too large (${(info.size / 2 ** 20).toFixed(1)} MB; at most ${FACE_LIMITS.maxBytes / 2 ** 20} MB)`)
  return readFile(file)
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4

export async function faces(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, FACES_USAGE.options)
  const files = args.positional
  if (files.length === 0) throw new UsageError('faces needs at least one image file')
  const given = flagString(args, 'threshold')
  let limit = threshold(given)
  const json = Boolean(args.flags.json)
  const model = flagString(args, 'model')
  const checkpoint = flagString(args, 'checkpoint')
  if (checkpoint !== undefined && model === undefined) throw new UsageError('--checkpoint needs --model RUN')
  let used: FacesJson['model']

  const images: FacesImageJson[] = []
  const results: (FaceImageResult | null)[] = []
  const seen = new Map<string, number>()
  const notes: string[] = []
  try {
    for (const [index, file] of files.entries()) {
      const entry: FacesImageJson = { file, faces: [] }
      images.push(entry)
      results.push(null)
      let bytes: Buffer
      try {
        bytes = await readImage(file)
      } catch (error) {
        entry.error = (error as Error).message
        notes.push(`${file}: ${entry.error}`)
        continue
      }
      const hash = createHash('sha256').update(bytes).digest('hex')
      const earlier = seen.get(hash)
      if (earlier !== undefined) {
        entry.duplicateOf = earlier
        notes.push(`${file}: the same image as ${files[earlier]} (image ${earlier}); not compared twice`)
        continue
      }
      seen.set(hash, index)
      try {
        const result = await ctx.core.findFaces({ name: file, dataBase64: bytes.toString('base64') }, model, checkpoint)
        results[index] = result
        if (result.model && !used) {
          used = { runId: result.model.runId, checkpoint: result.model.checkpoint, epoch: result.model.epoch }
          if (given === undefined && result.model.threshold !== null) limit = round4(result.model.threshold)
        }
        entry.faces = result.faces.map((f) => ({ box: f.box, score: f.score }))
        if (result.tooSmall > 0) {
          entry.tooSmall = result.tooSmall
          notes.push(`${file}: ${result.tooSmall} face${result.tooSmall === 1 ? '' : 's'} smaller than ${result.minFaceSize} px skipped (too small to compare)`)
        }
        if (result.faces.length === 0) notes.push(`${file}: no face found`)
      } catch (error) {
        const message = (error as Error).message
        // The run itself is unusable (not an embedding run, no checkpoint): no image can be described.
        if (model !== undefined && !message.startsWith(`${file}: `)) throw new Error(message)
        entry.error = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message
        notes.push(`${file}: ${entry.error}`)
      }
    }
  } finally {
    await ctx.core.shutdown()
  }

  const refs: FaceRef[] = []
  const descriptors: number[][] = []
  for (const [image, result] of results.entries()) {
    if (!result) continue
    for (const [face, f] of result.faces.entries()) {
      refs.push({ image, face })
      descriptors.push(f.descriptor)
    }
  }
  const matrix = distanceMatrix(descriptors)
  const pairs = facePairs(refs, matrix, limit).map((p) => ({ ...p, distance: round4(p.distance) }))

  for (const note of notes) ctx.stderr.write(`${note}\n`)
  if (json) {
    printJson(ctx, { images, pairs, threshold: limit, ...(used ? { model: used } : {}) } satisfies FacesJson)
  } else {
    if (used) ctx.stdout.write(`Images described by run ${used.runId} (${used.checkpoint}); same when distance <= ${limit}\n`)
    const label = (r: FaceRef) => `${files[r.image]}#${r.face + 1}`
    for (const [i, entry] of images.entries()) {
      if (entry.error !== undefined || entry.duplicateOf !== undefined) continue
      const n = entry.faces.length
      ctx.stdout.write(`${entry.file}  ${results[i]!.width}x${results[i]!.height}  ${n} face${n === 1 ? '' : 's'}\n`)
      if (n > 0) {
        const rows = entry.faces.map((f, k) => [String(k + 1), f.score.toFixed(3), ...f.box.map((v) => v.toFixed(0))])
        ctx.stdout.write(table(['#', 'score', 'x1', 'y1', 'x2', 'y2'], rows).replace(/^/gm, '  ') + '\n')
      }
    }
    if (pairs.length > 0) {
      ctx.stdout.write(`\nPairs (same person when distance <= ${limit}):\n`)
      const rows = pairs.map((p) => [label(p.a), label(p.b), p.distance.toFixed(4), p.same ? 'same' : 'different'])
      ctx.stdout.write(table(['face A', 'face B', 'distance', 'verdict'], rows).replace(/^/gm, '  ') + '\n')
      const groups = groupFaces(matrix, limit)
      ctx.stdout.write(`\n${groups.length} ${groups.length === 1 ? 'person' : 'people'}:\n`)
      for (const [g, members] of groups.entries()) ctx.stdout.write(`  person ${g + 1}: ${members.map((m) => label(refs[m])).join(', ')}\n`)
    } else if (refs.length < 2) {
      ctx.stdout.write(`\nfewer than two faces: nothing to compare\n`)
    }
  }
  return images.some((e) => e.error !== undefined) ? 1 : 0
}
