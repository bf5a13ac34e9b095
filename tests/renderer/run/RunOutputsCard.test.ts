// @vitest-environment happy-dom
/** The run page's Outputs card leaves out the samples another panel shows (char-rnn's words). */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RunOutputsCard from '../../../src/renderer/src/components/run/RunOutputsCard.vue'
import { LM_PANEL_SAMPLES } from '../../../src/renderer/src/components/lm/timeline'

const words = { step: 10, value: { words: [{ word: 'cat' }] } }
const probs = { step: 10, value: { words: [{ word: 'cat', p: 0.1 }] } }
const other = { step: 10, value: { note: 'kept' } }

describe('RunOutputsCard', () => {
  it('shows every sample when nothing is shown elsewhere', () => {
    const w = mount(RunOutputsCard, { props: { samples: { words, word_probs: probs }, sampleErrors: {}, active: false } })
    expect(w.findAll('[data-sample]').map((d) => d.attributes('data-sample'))).toEqual(['words', 'word_probs'])
  })

  it('leaves out what the language-model panel shows, and keeps the rest', () => {
    const w = mount(RunOutputsCard, { props: { samples: { words, word_probs: probs, other }, sampleErrors: {}, active: false, shownElsewhere: LM_PANEL_SAMPLES } })
    expect(w.findAll('[data-sample]').map((d) => d.attributes('data-sample'))).toEqual(['other'])
  })

  it('hides the card when everything it would show is shown elsewhere, but not while an error needs showing', () => {
    const hidden = mount(RunOutputsCard, { props: { samples: { words, word_probs: probs }, sampleErrors: {}, active: false, shownElsewhere: LM_PANEL_SAMPLES } })
    expect(hidden.find('[data-testid="run-outputs"]').exists()).toBe(false)
    const withError = mount(RunOutputsCard, { props: { samples: { words }, sampleErrors: { word_probs: 'could not read word_probs' }, active: false, shownElsewhere: LM_PANEL_SAMPLES } })
    expect(withError.text()).toContain('could not read word_probs')
  })

  it('says when a finished run recorded nothing', () => {
    const w = mount(RunOutputsCard, { props: { samples: {}, sampleErrors: {}, active: false, shownElsewhere: LM_PANEL_SAMPLES } })
    expect(w.text()).toContain('This run recorded no outputs.')
  })
})

describe('RunOutputsCard precision-recall curves', () => {
  it('draws one curve per class at the recorded points and lists each class AP', () => {
    const value = {
      classNames: ['circle', 'square'],
      perClass: [
        { classId: 0, ap50: 0.75, ap5095: 0.5 },
        { classId: 1, ap50: null, ap5095: null },
      ],
      curves: [
        { recall: [0, 0.5, 1], precision: [1, 1, 0.5] },
        { recall: [], precision: [] },
      ],
    }
    const w = mount(RunOutputsCard, { props: { samples: { average_precision: { step: 30, value } }, sampleErrors: {}, active: false } })
    const curves = w.findAll('[data-testid=pr-curve]')
    expect(curves.map((c) => c.attributes('data-class'))).toEqual(['circle', 'square'])
    // Plot 320 x 220, padding 32 left/bottom and 8 right/top: x = 32 + r * 280, y = 188 - p * 180.
    expect(curves[0].attributes('points')).toBe('32.0,8.0 172.0,8.0 312.0,98.0')
    expect(w.get('[data-testid=pr-curves]').findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['circle', '0.750', '0.500'],
      ['square', '—', '—'],
    ])
    // Not repeated as raw JSON.
    expect(w.find('[data-sample=average_precision] pre').exists()).toBe(false)
  })
})
