/** The options and result of NMS (see nms.ts for the definition), and the checks both paths share. */

export interface NmsOptions {
  /** Boxes scoring below this are dropped first; a score equal to it is kept. */
  scoreThreshold: number
  /** A remaining box whose IoU with a kept box is greater than this is removed. */
  iouThreshold: number
  /** Stop after keeping this many boxes (default: no limit). */
  maxDetections?: number
  /** The class of each box: NMS then runs per class. Without it, all boxes are one class. */
  classes?: ArrayLike<number>
  /** Ignore `classes`: any kept box removes any overlapping box. */
  classAgnostic?: boolean
}

export interface NmsResult {
  /** Indices of the kept boxes, in the order they were kept (score descending, then index). */
  kept: number[]
  /**
   * For each input box, the index of the kept box that removed it (the first kept, in keep
   * order, of its class with IoU > threshold); -1 for kept boxes, boxes below the score threshold
   * and boxes left over when `maxDetections` was reached.
   */
  suppressedBy: Int32Array
}

/** The class of box i, or null when all boxes are one class (no classes, or class-agnostic). */
export type ClassOf = ((i: number) => number) | null

/** Validates the inputs (a clear RangeError naming the argument) and returns `maxDetections` (Infinity when unset). */
export function checkInputs(boxes: ArrayLike<unknown>, scores: ArrayLike<number>, options: NmsOptions): number {
  if (boxes.length !== scores.length) throw new RangeError(`nms: ${boxes.length} boxes but ${scores.length} scores`)
  if (!options.classAgnostic && options.classes && options.classes.length !== boxes.length) {
    throw new RangeError(`nms: ${boxes.length} boxes but ${options.classes.length} classes`)
  }
  if (Number.isNaN(options.scoreThreshold) || Number.isNaN(options.iouThreshold)) throw new RangeError('nms: a threshold is NaN')
  const max = options.maxDetections ?? Infinity
  if (!(max >= 0) || (Number.isFinite(max) && !Number.isInteger(max))) {
    throw new RangeError(`nms: maxDetections must be a whole number >= 0, got ${max}`)
  }
  return max
}

export function classLookup(options: NmsOptions): ClassOf {
  const classes = options.classAgnostic ? undefined : options.classes
  return classes ? (i) => classes[i] : null
}
