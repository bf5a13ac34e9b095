/** Pure helpers for choosing and counting items by class. */

/**
 * The first `limit` items of each class, in the given order (all items when `limit` is
 * undefined): the "first N files of each class sorted by name" rule, also used on item indices.
 */
export function firstOfEachClass<T>(items: T[], classOf: (item: T) => string | number, limit: number | undefined): T[] {
  if (limit === undefined) return items
  const taken = new Map<string | number, number>()
  return items.filter((item) => {
    const key = classOf(item)
    const n = taken.get(key) ?? 0
    taken.set(key, n + 1)
    return n < limit
  })
}

/** counts[className] for labels that index `classNames`; every class appears, zero or not. */
export function countByClass(labels: ArrayLike<number>, classNames: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of classNames) counts[name] = 0
  for (let i = 0; i < labels.length; i++) counts[classNames[labels[i]]]++
  return counts
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}

/** Rows `indices` of an array of `rowBytes`-sized rows, packed. */
export function gatherRows(data: Uint8Array, rowBytes: number, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length * rowBytes)
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * rowBytes
    out.set(data.subarray(from, from + rowBytes), i * rowBytes)
  }
  return out
}

export function checkLimit(name: string, limit: number | undefined): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limitPerClass.${name} must be a non-negative integer, got ${limit}`)
  }
}
