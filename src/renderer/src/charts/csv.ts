/**
 * CSV of what a chart plots: one row per x value (the union over the series, ascending), then for
 * every series its raw value and, when the chart smooths, its smoothed value. A cell is empty where
 * a series has no point at that x; a NaN point is written `NaN`. Every point is written (the
 * down-sampling is for the screen only), over the whole x range, in the chart's x axis and
 * smoothing.
 */

export interface CsvSeries {
  label: string
  xs: ArrayLike<number>
  raw: ArrayLike<number>
  /** Null: no smoothed column (the chart shows raw values only). */
  smoothed: ArrayLike<number> | null
}

/** One CSV field: quoted when it holds a quote, comma, or line break (quotes doubled). */
export function csvField(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : value
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function sortedUnion(series: readonly CsvSeries[]): Float64Array {
  let total = 0
  for (const s of series) total += s.xs.length
  const all = new Float64Array(total)
  let k = 0
  for (const s of series) for (let i = 0; i < s.xs.length; i++) all[k++] = s.xs[i]
  all.sort()
  let m = 0
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[m - 1]) all[m++] = all[i]
  }
  return all.subarray(0, m)
}

export function plottedCsv(xName: string, series: readonly CsvSeries[]): string {
  const header = [csvField(xName)]
  for (const s of series) {
    header.push(csvField(`${s.label} (raw)`))
    if (s.smoothed) header.push(csvField(`${s.label} (smoothed)`))
  }
  const lines: string[] = [header.join(',')]
  const xs = sortedUnion(series)
  const cursor = series.map(() => 0)
  const row: string[] = []
  for (let r = 0; r < xs.length; r++) {
    const x = xs[r]
    row.length = 0
    row.push(String(x))
    for (let j = 0; j < series.length; j++) {
      const s = series[j]
      let p = cursor[j]
      while (p < s.xs.length && s.xs[p] < x) p++
      // Several points at the same x (should not happen): the last one is what is drawn on top.
      let hit = -1
      while (p < s.xs.length && s.xs[p] === x) hit = p++
      cursor[j] = p
      if (hit < 0) {
        row.push('')
        if (s.smoothed) row.push('')
      } else {
        row.push(String(s.raw[hit]))
        if (s.smoothed) row.push(String(s.smoothed[hit]))
      }
    }
    lines.push(row.join(','))
  }
  return lines.join('\n') + '\n'
}

/** A file name without characters that file systems reject. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim()
  return cleaned || 'chart'
}

/** Saves a Blob through a temporary `<a download>` click (browser and Electron renderer only). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A `data:` URL (as ECharts exports a PNG) as a Blob. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',')
  const meta = dataUrl.slice(5, comma)
  const body = dataUrl.slice(comma + 1)
  const type = meta.split(';')[0] || 'application/octet-stream'
  if (meta.endsWith(';base64')) {
    const bin = atob(body)
    const bytes = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
    return new Blob([bytes], { type })
  }
  return new Blob([decodeURIComponent(body)], { type })
}
