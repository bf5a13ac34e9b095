/** Sizes on disk as people read them: `512 B`, `12.3 KB`, `4.56 MB`, `1.2 GB` (powers of 1000, as file managers show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes)
  if (bytes < 1000) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = -1
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value >= 100 ? Math.round(value) : +value.toPrecision(3)} ${units[unit]}`
}
