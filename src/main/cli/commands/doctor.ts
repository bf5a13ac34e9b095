import { parseArgs } from '../args'
import { DOCTOR_USAGE } from './doctor.usage'
import { printJson, type CliContext } from '../context'
import { table } from '../format'

export async function doctor(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, DOCTOR_USAGE.options)
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
  for (const b of report.backends) {
    if (!b.adapter) continue
    const a = b.adapter
    const gib = (bytes: number) => `${Math.round((bytes / 2 ** 30) * 100) / 100} GiB`
    ctx.stdout.write(`GPU adapter (${b.name}): ${[a.vendor, a.architecture, a.device].filter(Boolean).join(' ') || 'unnamed'}\n`)
    ctx.stdout.write(`  driver: ${a.description || 'not reported'}\n`)
    ctx.stdout.write(`  maxBufferSize: ${gib(a.maxBufferSize)}, maxStorageBufferBindingSize: ${gib(a.maxStorageBufferBindingSize)}\n`)
    ctx.stdout.write(`  ${a.software ? `software: ${a.softwareReason}` : 'hardware'}; ${b.selected ? 'selected for training' : `not selected: ${b.reason ?? 'another backend comes first'}`}\n\n`)
  }
  ctx.stdout.write(report.selected ? `Training uses: ${report.selected}\n` : 'No backend can train a CNN here.\n')
  return report.selected ? 0 : 1
}
