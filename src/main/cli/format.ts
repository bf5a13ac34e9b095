/** Text formatting for the terminal: tables, durations, metric values. */

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v)
    return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(4) : v.toExponential(3)
  }
  if (v === null || v === undefined) return '-'
  return String(v)
}

/** Left-aligned columns separated by two spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

export function runDuration(run: { startedAt: string | null; endedAt: string | null; status: string }): number | null {
  if (!run.startedAt) return null
  const end = run.endedAt ? Date.parse(run.endedAt) : run.status === 'running' ? Date.now() : null
  return end === null ? null : end - Date.parse(run.startedAt)
}
