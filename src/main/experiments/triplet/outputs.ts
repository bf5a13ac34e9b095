/**
 * The held-out evaluation of an embedding as metrics and run-page outputs, from the embeddings
 * alone (pure): every pair's Euclidean distance, the ROC of "same when distance <= t" with its
 * area and best accuracy, the positive and negative distance histograms, and a 2-D PCA projection.
 * Distances are Euclidean (not squared) so the thresholds read like the Faces page's.
 */
import type { Rng } from '../../../shared/random'
import { pairDistances, pca2, verification, type RocPoint } from './verification'

/** The `roc-curve` output: at most ROC_POINTS points from (0, 0) to (1, 1). */
export interface RocSample {
  fpr: number[]
  tpr: number[]
  auc: number
  /** The best threshold, as a distance ("same" at or below it). */
  threshold: number
}

/** The `histograms` output: counts per bin [edges[i], edges[i + 1]), the last bin closed. */
export interface HistogramSample {
  edges: number[]
  series: { label: string; counts: number[] }[]
  /** A value to mark (the best threshold). */
  marker?: { label: string; value: number }
}

/** The `embeddings` output: [x, y, class index] per held-out image. */
export interface ProjectionSample {
  classNames: string[]
  points: [number, number, number][]
  /** Share of the variance along each axis. */
  explained: [number, number]
}

export interface HeldOutEvaluation {
  auc: number
  /** Verification accuracy at the best threshold. */
  accuracy: number
  threshold: number
  meanPositive: number
  meanNegative: number
  roc: RocSample
  histogram: HistogramSample
  projection: ProjectionSample
}

/** Points kept of an ROC curve; bins of the distance histograms; images in the projection. */
export const ROC_POINTS = 201
export const HISTOGRAM_BINS = 40
export const PROJECTION_POINTS = 1000

/** At most `max` points of the curve, always keeping the first and the last. */
export function thinCurve(roc: readonly RocPoint[], max: number): RocPoint[] {
  if (roc.length <= max) return [...roc]
  const out: RocPoint[] = []
  for (let i = 0; i < max; i++) out.push(roc[Math.round((i * (roc.length - 1)) / (max - 1))])
  return out
}

/** Counts of `values` in `bins` equal bins over [lo, hi]; values outside are clamped into the end bins. */
export function histogram(values: readonly number[], lo: number, hi: number, bins: number): { edges: number[]; counts: number[] } {
  const width = (hi - lo) / bins
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width)
  const counts = new Array<number>(bins).fill(0)
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))] += 1
  return { edges, counts }
}

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length

/**
 * @param embeddings [n, d] row-major unit vectors of the held-out images
 * @param labels [n] class indices into `classNames`
 * @param rng picks the projected images when there are more than PROJECTION_POINTS
 */
export function evaluateEmbeddings(embeddings: Float32Array, labels: Int32Array, classNames: string[], rng: Rng): HeldOutEvaluation {
  const n = labels.length
  const squared = pairDistances(embeddings, n, labels)
  const positive = squared.positive.map(Math.sqrt)
  const negative = squared.negative.map(Math.sqrt)
  const v = verification(positive, negative)
  const roc = thinCurve(v.roc, ROC_POINTS)
  // Unit vectors are at most 2 apart.
  const pos = histogram(positive, 0, 2, HISTOGRAM_BINS)
  const neg = histogram(negative, 0, 2, HISTOGRAM_BINS)

  let chosen = Array.from({ length: n }, (_, i) => i)
  if (n > PROJECTION_POINTS) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[chosen[i], chosen[j]] = [chosen[j], chosen[i]]
    }
    chosen = chosen.slice(0, PROJECTION_POINTS).sort((a, b) => a - b)
  }
  const d = embeddings.length / n
  const subset = new Float32Array(chosen.length * d)
  chosen.forEach((src, i) => subset.set(embeddings.subarray(src * d, (src + 1) * d), i * d))
  const { coordinates, explained } = pca2(subset, chosen.length)
  const round = (x: number) => Math.round(x * 1e4) / 1e4

  return {
    auc: v.auc,
    accuracy: v.accuracy,
    threshold: v.threshold,
    meanPositive: mean(positive),
    meanNegative: mean(negative),
    roc: { fpr: roc.map((p) => p.fpr), tpr: roc.map((p) => p.tpr), auc: v.auc, threshold: v.threshold },
    histogram: {
      edges: pos.edges,
      series: [
        { label: 'same class', counts: pos.counts },
        { label: 'different class', counts: neg.counts },
      ],
      marker: { label: 'best threshold', value: v.threshold },
    },
    projection: {
      classNames,
      points: chosen.map((src, i) => [round(coordinates[i * 2]), round(coordinates[i * 2 + 1]), labels[src]]),
      explained,
    },
  }
}
