/**
 * yolo's learning-rate schedule: a linear warm-up over the first `warmupSteps` steps, from lr / W
 * to lr, then either constant or a cosine decay from lr down to `FLOOR` x lr at the last step.
 * Pure: step numbers in, a learning rate out.
 */

/** The cosine schedule ends at this fraction of the peak rate, not at 0 (the last steps still learn). */
export const FLOOR = 0.02

export interface Schedule {
  lr: number
  schedule: 'cosine' | 'constant'
  warmupSteps: number
  /** Steps of the whole run (all epochs). */
  totalSteps: number
}

/** The rate of step `step` (0-based: the first update of the run is step 0). */
export function learningRateAt(step: number, s: Schedule): number {
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps
  if (s.schedule === 'constant') return s.lr
  const span = Math.max(1, s.totalSteps - s.warmupSteps - 1)
  const progress = Math.min(1, (step - s.warmupSteps) / span)
  return s.lr * (FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)))
}
