import { describe, expect, it } from 'vitest'
import { SEED_PAIRS, SEED_WORD_GROUPS, SEED_WORDS } from '../../src/shared/lm/seedWords'

describe("the seed's test words", () => {
  it('groups them as the seed does: one stem per group, every word sharing its first letters', () => {
    expect(SEED_WORDS).toHaveLength(20)
    expect(SEED_WORD_GROUPS.map((g) => g.stem)).toEqual(['apple', 'bear', 'car', 'query'])
    for (const group of SEED_WORD_GROUPS) {
      expect(group.words[0]).toBe(group.stem)
      for (const word of group.words) expect(word.slice(0, 2)).toBe(group.stem.slice(0, 2))
    }
    // Every pair stays inside one group.
    for (const [real, misspelling] of SEED_PAIRS) {
      expect(SEED_WORD_GROUPS.find((g) => g.words.includes(real))).toBe(SEED_WORD_GROUPS.find((g) => g.words.includes(misspelling)))
    }
  })
})
