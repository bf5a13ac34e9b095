import path from 'node:path'
import { parseArgs, UsageError } from '../args'
import { DATASETS_USAGE } from './datasets.usage'
import { printJson, type CliContext } from '../context'
import { table } from '../format'
import type { DatasetInfo } from '../../../shared/api'

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

function describe(ctx: CliContext, d: DatasetInfo): void {
  ctx.stdout.write(`${d.id}  (${d.format}, ${d.classes.length} classes) from ${d.source}\n`)
  for (const split of ['train', 'test'] as const) {
    const counts = d.counts[split] ?? {}
    const perClass = Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ')
    const images = d.images?.[split]
    if (images) ctx.stdout.write(`  ${split}: ${images.total} images (${images.background} without boxes, kept as background), ${total(counts)} boxes: ${perClass}\n`)
    else ctx.stdout.write(`  ${split}: ${total(counts)}  ${perClass}\n`)
  }
  if (d.skipped.length) {
    ctx.stdout.write(`  skipped ${d.skipped.length} file(s):\n`)
    for (const s of d.skipped.slice(0, 20)) ctx.stdout.write(`    ${s.file}: ${s.reason}\n`)
    if (d.skipped.length > 20) ctx.stdout.write(`    ... and ${d.skipped.length - 20} more\n`)
  }
}

/** `datasets [--json]` lists; `datasets import PATH [--name NAME]` imports a folder. */
export async function datasets(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, DATASETS_USAGE.options)
  const [sub, target] = args.positional
  if (sub === 'import') {
    if (!target) throw new UsageError('datasets import needs a path: benchtop datasets import PATH [--name NAME]')
    const info = await ctx.core.importDataset(path.resolve(target), args.flags.name as string | undefined)
    if (args.flags.json) printJson(ctx, info)
    else describe(ctx, info)
    return 0
  }
  if (sub !== undefined && sub !== 'list') throw new UsageError(`unknown datasets command '${sub}'; valid: list, import`)
  const list = await ctx.core.listDatasets()
  if (args.flags.json) {
    printJson(ctx, list)
    return 0
  }
  const rows = list.map((d) =>
    d.problem !== undefined
      ? [d.id, d.origin, 'unreadable', '-', '-', '-', '-', d.source]
      : [d.id, d.origin, d.format, String(d.classes.length), String(d.images?.train.total ?? total(d.counts.train ?? {})), String(d.images?.test.total ?? total(d.counts.test ?? {})), String(d.skipped.length), d.source],
  )
  ctx.stdout.write(table(['id', 'origin', 'format', 'classes', 'train', 'test', 'skipped', 'source'], rows) + '\n')
  const unreadable = list.filter((d) => d.problem !== undefined)
  if (unreadable.length > 0) {
    ctx.stdout.write(`\n${unreadable.length} dataset record${unreadable.length === 1 ? '' : 's'} cannot be read:\n`)
    for (const d of unreadable) ctx.stdout.write(`  ${d.id}: ${d.problem}\n`)
  }
  return 0
}
