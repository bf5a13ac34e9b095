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
