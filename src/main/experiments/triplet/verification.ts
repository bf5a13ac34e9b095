/**
 * Verification metrics of an embedding (spec §5): from the distances of positive pairs (same
 * identity) and negative pairs, the ROC curve of "same when distance <= t", its area, and the
 * accuracy at the best threshold. Pure.
 */

export interface RocPoint {
  threshold: number
  tpr: number
  fpr: number
}

export interface Verification {
  /** ROC from (0, 0) to (1, 1), thresholds increasing. */
  roc: RocPoint[]
  auc: number
  /** Best accuracy over all thresholds, and that threshold ("same" when distance <= threshold). */
  accuracy: number
  threshold: number
}

export function verification(positive: readonly number[], negative: readonly number[]): Verification {
  if (!positive.length || !negative.length) throw new Error(`verification needs positive and negative pairs, got ${positive.length} and ${negative.length}`)
  const all = [...positive.map((d) => ({ d, same: true })), ...negative.map((d) => ({ d, same: false }))].sort((a, b) => a.d - b.d)
  const roc: RocPoint[] = [{ threshold: -Infinity, tpr: 0, fpr: 0 }]
  let tp = 0
  let fp = 0
  let bestCorrect = negative.length
  let bestThreshold = -Infinity
  for (let i = 0; i < all.length; i++) {
    if (all[i].same) tp++
    else fp++
    // Ties move together: one point per distinct distance.
    if (i + 1 < all.length && all[i + 1].d === all[i].d) continue
    roc.push({ threshold: all[i].d, tpr: tp / positive.length, fpr: fp / negative.length })
    const correct = tp + (negative.length - fp)
    if (correct > bestCorrect) {
      bestCorrect = correct
      bestThreshold = all[i].d
    }
  }
  let auc = 0
  for (let i = 1; i < roc.length; i++) auc += ((roc[i].fpr - roc[i - 1].fpr) * (roc[i].tpr + roc[i - 1].tpr)) / 2
  return { roc, auc, accuracy: bestCorrect / all.length, threshold: bestThreshold }
}

/** Positive and negative pair distances of all pairs i < j, from a [n, d] row-major embedding. */
export function pairDistances(embeddings: Float32Array, n: number, labels: ArrayLike<number>): { positive: number[]; negative: number[] } {
  const d = embeddings.length / n
  const positive: number[] = []
  const negative: number[] = []
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += (embeddings[i * d + k] - embeddings[j * d + k]) ** 2
      ;(labels[i] === labels[j] ? positive : negative).push(s)
    }
  return { positive, negative }
}

/**
 * Two principal components of a [n, d] row-major matrix (power iteration with deflation):
 * [n, 2] coordinates of the centred rows, and each axis's share of the total variance. Each
 * component's sign is fixed (its largest entry positive), so the same data always gives the same picture.
 */
export function pca2(data: Float32Array, n: number): { coordinates: Float32Array; explained: [number, number] } {
  const d = data.length / n
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += data[i * d + k] / n
  const x = Float64Array.from(data, (v, idx) => v - mean[idx % d])
  let total = 0
  for (const v of x) total += v * v
  const components: Float64Array[] = []
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: d }, (_, k) => 1 / Math.sqrt(d) + (k === c ? 0.5 : 0))
    for (let it = 0; it < 300; it++) {
      // w = X^T X v, minus the part along earlier components.
      const xv = new Float64Array(n)
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) xv[i] += x[i * d + k] * v[k]
      const w = new Float64Array(d)
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) w[k] += x[i * d + k] * xv[i]
      for (const u of components) {
        let dot = 0
        for (let k = 0; k < d; k++) dot += w[k] * u[k]
        for (let k = 0; k < d; k++) w[k] -= dot * u[k]
      }
      const norm = Math.hypot(...w)
      if (norm === 0) break
      v = w.map((e) => e / norm)
    }
    let largest = 0
    for (let k = 0; k < d; k++) if (Math.abs(v[k]) > Math.abs(v[largest]) + 1e-12) largest = k
    if (v[largest] < 0) v = v.map((e) => -e)
    components.push(v)
  }
  const coordinates = new Float32Array(n * 2)
  const variance = [0, 0]
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 2; c++) {
      let s = 0
      for (let k = 0; k < d; k++) s += x[i * d + k] * components[c][k]
      coordinates[i * 2 + c] = s
      variance[c] += s * s
    }
  return { coordinates, explained: [total > 0 ? variance[0] / total : 0, total > 0 ? variance[1] / total : 0] }
}
