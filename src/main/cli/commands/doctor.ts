import { parseArgs } from '../args'
import { printJson, type CliContext } from '../context'
import { table } from '../format'

export async function doctor(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: {} })
  const report = await ctx.core.engineReport(true)
  if (args.flags.json) {
    printJson(ctx, report)
    return 0
  }
  const h = report.host
  ctx.stdout.write(`Host: ${h.cpu}, ${h.cores} cores, ${h.memoryGiB} GiB, GPU: ${h.gpu ?? 'none visible'}, Node ${h.node}\n\n`)
  const rows = report.backends.map((b) => [
    b.selected ? `* ${b.name}` : `  ${b.name}`,
    b.tried ? (b.ok ? 'ok' : 'failed') : 'not tried',
    b.version ?? '-',
    b.selfTestMs === null ? '-' : `${b.selfTestMs} ms`,
    b.selected ? 'selected for training' : (b.reason ?? 'ok'),
  ])
  ctx.stdout.write(table(['backend', 'state', 'version', 'self test', 'notes'], rows) + '\n\n')
  ctx.stdout.write(report.selected ? `Training uses: ${report.selected}\n` : 'No backend can train a CNN here.\n')
  return report.selected ? 0 : 1
}
