/** 0.8731 -> `87.3%`; tiny values stay readable. */
export function formatPercent(p: number): string {
  if (p > 0 && p < 0.001) return '<0.1%'
  return `${(p * 100).toFixed(1)}%`
}
