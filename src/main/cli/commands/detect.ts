/**
 * `benchtop detect IMAGE...`: COCO object detection with CenterNet and Benchtop's own NMS.
 * Runs in this process (the command line is not a UI process). A file that cannot be read gets
 * an error entry and exit code 1 at the end; the other images are still processed.
 *
 * TensorFlow.js and sharp are imported only when the command runs: main.ts imports every
 * command, and the others must not pay for loading a backend.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { BACKEND_ORDER, type BackendName } from '../../../shared/api'
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
  const scoreThreshold = fraction(args, 'score', DEFAULT_SCORE)
  const iouThreshold = fraction(args, 'iou', DEFAULT_IOU)
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

  const { Detector } = await import('../../detection/detector')
  const { writeAnnotated } = await import('../../detection/annotate')
  const detector = await Detector.create({ backend })
  if (!json) ctx.stderr.write(`CenterNet (COCO, 80 classes) on ${detector.backend}; score >= ${scoreThreshold}, IoU > ${iouThreshold} suppresses, at most ${maxDetections}${args.flags['class-agnostic'] ? ', class-agnostic' : ''}\n`)

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
  if (json) printJson(ctx, reports)
  const failed = reports.filter((r) => 'error' in r).length
  if (failed > 0) ctx.stderr.write(`benchtop detect: ${failed} of ${reports.length} image${reports.length === 1 ? '' : 's'} failed\n`)
  return failed > 0 ? 1 : 0
}
