import type { ConfigValue, StudyAxis } from '../api'

/** More runs than this in one study is almost surely a typo (a sweep of 8 x 8 is already 64). */
export const MAX_STUDY_RUNS = 64

/**
 * Every combination of the axes' values, the first axis varying slowest:
 * [{a:1,b:x},{a:1,b:y},{a:2,b:x},{a:2,b:y}] for a=1,2 and b=x,y. No axes gives no combinations.
 */
export function crossProduct(axes: readonly StudyAxis[]): Array<Record<string, ConfigValue>> {
  if (axes.length === 0) return []
  let combos: Array<Record<string, ConfigValue>> = [{}]
  for (const axis of axes) {
    const next: Array<Record<string, ConfigValue>> = []
    for (const combo of combos) for (const value of axis.values) next.push({ ...combo, [axis.key]: value })
    combos = next
  }
  return combos
}

/** How many runs the axes make, without building them (so a huge sweep is refused cheaply). */
export function crossProductSize(axes: readonly StudyAxis[]): number {
  return axes.length === 0 ? 0 : axes.reduce((n, a) => n * a.values.length, 1)
}

/** `model=ResNet18, shortcut=true`: a combination as people read it (legends, run names). */
export function combinationLabel(values: Record<string, ConfigValue>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ')
}
