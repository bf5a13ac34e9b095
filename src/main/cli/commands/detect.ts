/**
 * `benchtop detect IMAGE...`: COCO object detection with CenterNet and Benchtop's own NMS; with
 * `--model RUN`, a finished run whose experiment can detect (yolo), with its class names and, unless
 * --score / --iou are given, its own thresholds.
 * Runs in this process (the command line is not a UI process). A file that cannot be read gets
 * an error entry and exit code 1 at the end; the other images are still processed.
 *
 * TensorFlow.js and sharp are imported only when the command runs: main.ts imports every
 * command, and the others must not pay for loading a backend.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { BACKEND_ORDER, type BackendName, type DetectionResult } from '../../../shared/api'
import { DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE } from '../../../shared/detection/defaults'
import type { Candidate } from '../../detection/detector'
import { flagInt, flagString, parseArgs, UsageError, type ParsedArgs } from '../args'
import { printJson, type CliContext } from '../context'
import { table } from '../format'
import { DETECT_COMMAND } from './detect.usage'

export interface DetectionJson {
  label: string
  classId: number
  score: number
  /** (x1, y1, x2, y2) in the original image's pixels. */
  box: [number, number, number, number]
}

export type ImageReport =
  | { image: string; width: number; height: number; detections: DetectionJson[]; annotated?: string }
  | { image: string; error: string }

/** What detects: CenterNet, or a run's detector; either gives each image's detections after NMS. */
interface ImageDetector {
  describe: (o: { score: number; iou: number; max: number; agnostic: boolean }) => string
  scoreThreshold?: number
  iouThreshold?: number
  detect(image: string, o: { scoreThreshold: number; iouThreshold: number; maxDetections: number; classAgnostic: boolean }): Promise<{ width: number; height: number; detections: Candidate[] }>
}

async function centerNetDetector(backend: BackendName | undefined): Promise<ImageDetector> {
  const { Detector } = await import('../../detection/detector')
  const detector = await Detector.create({ backend })
  return {
    describe: (o) => `CenterNet (COCO, 80 classes) on ${detector.backend}; score >= ${o.score}, IoU > ${o.iou} suppresses, at most ${o.max}${o.agnostic ? ', class-agnostic' : ''}`,
    detect: (image, o) => detector.detect(image, o),
  }
}

/** The run's `detect` handler in the core's inference process (as the Detect page uses it); NMS here. */
async function runDetector(ctx: CliContext, query: string): Promise<ImageDetector & { close(): Promise<void> }> {
  const { readFile } = await import('node:fs/promises')
  const { nmsDetections } = await import('../../../shared/detection/nms')
  const runId = ctx.core.store.resolveRunId(query)
  const meta = ctx.core.store.readMeta(runId)
  const call = (name: string, bytes: Buffer, minScore: number) => ctx.core.runInference<DetectionResult>(runId, 'detect', { name, dataBase64: bytes.toString('base64'), minScore })
  // One call before the images: the run's classes and thresholds, and a clear error for a run that cannot detect.
  const { loadSharp } = await import('../../datasets/sharp')
  const sharp = await loadSharp()
  const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } }).png().toBuffer()
  let probe: DetectionResult
  try {
    probe = await call('probe.png', tiny, 1)
  } catch (error) {
    await ctx.core.shutdown()
    throw error
  }
  const model = probe.model!
  return {
    describe: (o) => `run ${model.runId} (${meta.experiment}: ${model.classNames.join(', ')}) on ${probe.backend}; score >= ${o.score}, IoU > ${o.iou} suppresses, at most ${o.max}${o.agnostic ? ', class-agnostic' : ''}`,
    scoreThreshold: model.scoreThreshold,
    iouThreshold: model.iouThreshold,
    async detect(image, o) {
      let bytes: Buffer
      try {
        bytes = await readFile(image)
      } catch (error) {
        throw new Error(`cannot read the file: ${(error as Error).message}`)
      }
      let found: DetectionResult
      try {
        found = await call(image, bytes, Math.min(o.scoreThreshold, 0.01))
      } catch (error) {
        const text = (error as Error).message
        throw new Error(text.startsWith(`${image}: `) ? text.slice(image.length + 2) : text)
      }
      return { width: found.width, height: found.height, detections: nmsDetections(found.candidates, o).kept }
    },
    close: () => ctx.core.shutdown(),
  }
}

function fraction(args: ParsedArgs, name: string, fallback: number): number {
  const v = flagString(args, name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a number from 0 to 1, got '${v}'`)
  return n
}

const round1 = (v: number) => Math.round(v * 10) / 10
const round4 = (v: number) => Math.round(v * 1e4) / 1e4

function toJson(d: Candidate): DetectionJson {
  return { label: d.label, classId: d.classId, score: round4(d.score), box: [round1(d.box[0]), round1(d.box[1]), round1(d.box[2]), round1(d.box[3])] }
}

/** `out/photo.detect.png`, never overwriting the input nor an earlier output of this run. */
function annotatedPath(outDir: string, image: string, used: Set<string>): string {
  const base = path.parse(image).name || 'image'
  for (let n = 1; ; n++) {
    const file = path.join(outDir, `${base}${n === 1 ? '' : `-${n}`}.detect.png`)
    if (!used.has(file) && path.resolve(file) !== path.resolve(image)) {
      used.add(file)
      return file
    }
  }
}

function writeText(ctx: CliContext, report: ImageReport): void {
  if ('error' in report) {
    ctx.stderr.write(`${report.image}: ${report.error}\n`)
    return
  }
  const n = report.detections.length
  ctx.stdout.write(`${report.image}  ${report.width}x${report.height}  ${n} object${n === 1 ? '' : 's'}\n`)
  if (n > 0) {
    const rows = report.detections.map((d, i) => [String(i + 1), d.label, d.score.toFixed(3), ...d.box.map((v) => v.toFixed(1))])
    const text = table(['#', 'label', 'score', 'x1', 'y1', 'x2', 'y2'], rows)
    ctx.stdout.write(text.replace(/^/gm, '  ') + '\n')
  }
  if (report.annotated) ctx.stdout.write(`  annotated: ${report.annotated}\n`)
  ctx.stdout.write('\n')
}

export async function detect(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, DETECT_COMMAND.options)
  const images = args.positional
  if (images.length === 0) throw new UsageError('detect needs at least one image file')
  const model = flagString(args, 'model')
  if (model !== undefined && flagString(args, 'backend') !== undefined) throw new UsageError('--backend chooses CenterNet\'s backend; a --model run detects on the backend predictions use')
  // Checked before any model loads.
  fraction(args, 'score', DEFAULT_SCORE)
  fraction(args, 'iou', DEFAULT_IOU)
  const maxDetections = flagInt(args, 'max') ?? DEFAULT_MAX
  if (maxDetections < 1) throw new UsageError(`--max must be at least 1, got ${maxDetections}`)
  const backend = flagString(args, 'backend') as BackendName | undefined
  if (backend !== undefined && !BACKEND_ORDER.includes(backend)) {
    throw new UsageError(`unknown backend '${backend}'; backends: ${BACKEND_ORDER.join(', ')}`)
  }
  const json = Boolean(args.flags.json)
  const outDir = flagString(args, 'out')
  if (outDir !== undefined) {
    try {
      await mkdir(outDir, { recursive: true })
    } catch (error) {
      throw new Error(`cannot create the output folder ${outDir}: ${(error as Error).message}`)
    }
  }

  const { writeAnnotated } = await import('../../detection/annotate')
  const detector: ImageDetector & { close?: () => Promise<void> } = model === undefined ? await centerNetDetector(backend) : await runDetector(ctx, model)
  const scoreThreshold = fraction(args, 'score', detector.scoreThreshold ?? DEFAULT_SCORE)
  const iouThreshold = fraction(args, 'iou', detector.iouThreshold ?? DEFAULT_IOU)
  if (!json) ctx.stderr.write(detector.describe({ score: scoreThreshold, iou: iouThreshold, max: maxDetections, agnostic: Boolean(args.flags['class-agnostic']) }) + '\n')

  const reports: ImageReport[] = []
  const used = new Set<string>()
  for (const image of images) {
    let report: ImageReport
    try {
      const result = await detector.detect(image, {
        scoreThreshold,
        iouThreshold,
        maxDetections,
        classAgnostic: Boolean(args.flags['class-agnostic']),
      })
      report = { image, width: result.width, height: result.height, detections: result.detections.map(toJson) }
      if (outDir !== undefined) {
        const file = annotatedPath(outDir, image, used)
        try {
          await writeAnnotated(image, result.detections, file)
        } catch (error) {
          throw new Error(`detected, but writing ${file} failed: ${(error as Error).message}`)
        }
        report.annotated = file
      }
    } catch (error) {
      report = { image, error: error instanceof Error ? error.message : String(error) }
    }
    reports.push(report)
    if (!json) writeText(ctx, report)
  }
  await detector.close?.()
  if (json) printJson(ctx, reports)
  const failed = reports.filter((r) => 'error' in r).length
  if (failed > 0) ctx.stderr.write(`benchtop detect: ${failed} of ${reports.length} image${reports.length === 1 ? '' : 's'} failed\n`)
  return failed > 0 ? 1 : 0
}
