/** Public types of the datasets module (the shared API's DatasetInfo and SkippedFile are reused). */
import type { DatasetInfo, SkippedFile } from '../../shared/api.js'

export interface ImageSet {
  /** [n, size, size, 3] RGB bytes, row-major (NHWC). */
  images: Uint8Array
  /** [n] class indices into `info.classes`. */
  labels: Int32Array
}

export interface ShapesLoadOptions {
  /** Images in both splits together (default 2000). */
  count?: number
  /** 2..8 (default 3). */
  classes?: number
  /** Share of `count` that is test data (default 0.2). */
  testFraction?: number
  /** Background and shape noise, 0..1 (default 0.12). */
  noise?: number
}

export interface LoadOptions {
  /** Side of the square images returned, in pixels. */
  size: number
  /** Seed of generated data (default 0); file data ignores it. */
  seed?: number
  shapes?: ShapesLoadOptions
  /** Keep only the first N items of each class per split (files: by sorted file name). */
  limitPerClass?: { train?: number; test?: number }
  /** Decoding progress; also called once with (total, total) when nothing needed decoding. */
  onProgress?: (done: number, total: number) => void
}

export interface LoadedDataset {
  /** Describes exactly the data below: counts, skipped files and fingerprint are of this load. */
  info: DatasetInfo
  size: number
  /** Items ordered by class, then file name (or source order); shuffle before training. */
  train: ImageSet
  test: ImageSet
  skipped: SkippedFile[]
  /** True when the decoded arrays came from the on-disk cache instead of decoding. */
  fromCache: boolean
}

/** What every source loader returns; the registry turns it into a LoadedDataset. */
export interface LoadedArrays {
  classes: string[]
  train: ImageSet
  test: ImageSet
  skipped: SkippedFile[]
  fingerprint: string
  fromCache?: boolean
}

/** What importing learns about a source without decoding it at a training size. */
export interface SourceSummary {
  classes: string[]
  counts: DatasetInfo['counts']
  skipped: SkippedFile[]
  fingerprint: string
}
