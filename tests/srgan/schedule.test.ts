import { describe, expect, it } from 'vitest'
import { planStep } from '../../src/main/experiments/srgan/schedule'

describe('planStep (MMEditing train_step)', () => {
  it('pre-trains the generator alone, then follows disc_steps and disc_init_steps', () => {
    const o = { pretrainSteps: 3, discSteps: 2, discInitSteps: 4 }
    const g = Array.from({ length: 14 }, (_, s) => planStep(s, o))
    expect(g.slice(0, 3).every((p) => p.phase === 'pretrain' && p.updateGenerator && !p.updateDiscriminator)).toBe(true)
    // Adversarial steps 0..10: D every step; G when s % 2 == 0 and s >= 4, i.e. 4, 6, 8, 10.
    expect(g.slice(3).every((p) => p.phase === 'adversarial' && p.updateDiscriminator)).toBe(true)
    expect(g.slice(3).filter((p) => p.updateGenerator).map((p) => p.adversarialStep)).toEqual([4, 6, 8, 10])
  })

  it('updates the generator on every step with discSteps 1 and no initial steps', () => {
    expect([0, 1, 2].map((s) => planStep(s, { pretrainSteps: 0, discSteps: 1, discInitSteps: 0 }).updateGenerator)).toEqual([true, true, true])
  })

  it('refuses a discSteps below 1', () => {
    expect(() => planStep(0, { pretrainSteps: 0, discSteps: 0, discInitSteps: 0 })).toThrow(/discSteps/)
  })
})
