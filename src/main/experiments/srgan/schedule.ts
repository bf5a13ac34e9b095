/**
 * Which network steps when (spec §4, MMEditing's SRGAN `train_step`): after an optional pixel-loss
 * warm-up of the generator alone (`pretrainSteps`, SRResNet pre-training), every adversarial step
 * computes G(LR); the generator is updated only when `step % discSteps == 0 and step >=
 * discInitSteps` (counting adversarial steps from 0), with the discriminator frozen; the
 * discriminator is then updated on real and detached fake images. Pure.
 */
export interface ScheduleOptions {
  /** Generator-only steps on the pixel loss before the adversarial phase (0: none). */
  pretrainSteps: number
  /** The generator is updated on every discSteps-th adversarial step (MMEditing's disc_steps). */
  discSteps: number
  /** No generator update in the first discInitSteps adversarial steps (MMEditing's disc_init_steps). */
  discInitSteps: number
}

export interface StepPlan {
  phase: 'pretrain' | 'adversarial'
  /** Step counted from the start of the adversarial phase (-1 during pre-training). */
  adversarialStep: number
  updateGenerator: boolean
  updateDiscriminator: boolean
}

/** What the global step `step` (from 0) does. */
export function planStep(step: number, o: ScheduleOptions): StepPlan {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a whole number >= 0, got ${step}`)
  if (!Number.isInteger(o.discSteps) || o.discSteps < 1) throw new Error(`discSteps must be a whole number >= 1, got ${o.discSteps}`)
  if (step < o.pretrainSteps) return { phase: 'pretrain', adversarialStep: -1, updateGenerator: true, updateDiscriminator: false }
  const s = step - o.pretrainSteps
  return { phase: 'adversarial', adversarialStep: s, updateGenerator: s % o.discSteps === 0 && s >= o.discInitSteps, updateDiscriminator: true }
}
