/**
 * `benchtop upscale --run RUN IMAGE... --out DIR [--checkpoint NAME] [--json]`: each image 4x
 * larger with a trained run's generator (a run whose experiment declares `upscale`), tiled so any
 * size within the limit fits in bounded memory, alpha kept. Runs in this process (the command
 * line is not a UI process). A file that cannot be read or upscaled gets an error entry and exit
 * code 1 at the end; the other images are still processed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { flagString, parseArgs, UsageError } from '../args'
import { printJson, type CliContext } from '../context'

import { UPSCALE_USAGE } from './upscale.usage'

export type UpscaleReport =
  | { image: string; width: number; height: number; outWidth: number; outHeight: number; alpha: boolean; sixteenBit: boolean; output: string }
  | { image: string; error: string }

/** `out/photo.x4.png`, never overwriting the input nor an earlier output of this command. */
function outputPath(outDir: string, image: string, used: Set<string>): string {
  const base = path.parse(image).name || 'image'
  for (let n = 1; ; n++) {
    const file = path.join(outDir, `${base}${n === 1 ? '' : `-${n}`}.x4.png`)
    if (!used.has(file) && path.resolve(file) !== path.resolve(image)) {
      used.add(file)
      return file
    }
  }
}

export async function upscale(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, UPSCALE_USAGE.options)
  const query = flagString(args, 'run')
  if (!query) throw new UsageError('upscale needs --run RUN: the id, the start of an id, or the name of a trained srgan run')
  const images = args.positional
  if (images.length === 0) throw new UsageError('upscale needs at least one image file')
  const outDir = flagString(args, 'out')
  if (!outDir) throw new UsageError('upscale needs --out DIR: the folder the 4x images are written to')
  const json = Boolean(args.flags.json)
  const runDir = ctx.core.store.runDir(ctx.core.store.resolveRunId(query))
  try {
    await mkdir(outDir, { recursive: true })
  } catch (error) {
    throw new Error(`cannot create the output folder ${outDir}: ${(error as Error).message}`)
  }

  const { loadUpscaler } = await import('../../experiments/srgan/upscaleRun')
  const { upscaleImage } = await import('../../experiments/srgan/upscaleImage')
  const upscaler = await loadUpscaler(runDir, flagString(args, 'checkpoint'))
  try {
    if (!json) ctx.stderr.write(`run ${upscaler.runId}, checkpoint ${upscaler.checkpoint.name} (epoch ${upscaler.checkpoint.epoch}) on ${upscaler.backend}\n`)
    const reports: UpscaleReport[] = []
    const used = new Set<string>()
    for (const image of images) {
      let report: UpscaleReport
      try {
        let bytes: Uint8Array
        try {
          bytes = new Uint8Array(await readFile(image))
        } catch (error) {
          const e = error as NodeJS.ErrnoException
          throw new Error(e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a folder, not an image file' : `cannot read the file: ${e.message}`)
        }
        const result = await upscaleImage(upscaler, bytes)
        const output = outputPath(outDir, image, used)
        try {
          await writeFile(output, result.png)
        } catch (error) {
          throw new Error(`upscaled, but writing ${output} failed: ${(error as Error).message}`)
        }
        report = { image, width: result.width, height: result.height, outWidth: result.outWidth, outHeight: result.outHeight, alpha: result.hasAlpha, sixteenBit: result.sixteenBit, output }
        if (!json) ctx.stdout.write(`${image}  ${result.width}x${result.height} -> ${result.outWidth}x${result.outHeight}${result.hasAlpha ? ' (alpha kept)' : ''}  ${output}\n`)
      } catch (error) {
        report = { image, error: error instanceof Error ? error.message : String(error) }
        if (!json) ctx.stderr.write(`${image}: ${report.error}\n`)
      }
      reports.push(report)
    }
    if (json) printJson(ctx, reports)
    const failed = reports.filter((r) => 'error' in r).length
    if (failed > 0) ctx.stderr.write(`benchtop upscale: ${failed} of ${reports.length} image${reports.length === 1 ? '' : 's'} failed\n`)
    return failed > 0 ? 1 : 0
  } finally {
    upscaler.dispose()
  }
}
