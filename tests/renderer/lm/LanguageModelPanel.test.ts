// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { defineComponent, h } from 'vue'
import type { CheckpointInfo, RunDetail } from '../../../src/shared/api'
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../../src/shared/lm/api'
import { setApi } from '../../../src/renderer/src/api'
import LanguageModelPanel from '../../../src/renderer/src/components/lm/LanguageModelPanel.vue'
import { PROBABILITY_BANDS } from '../../../src/renderer/src/components/lm/probabilityScale'
import RunPage from '../../../src/renderer/src/pages/RunPage.vue'
import { fakeApi, flushPromises, makeDetail, shapesExperiment, testRouter, type FakeApi } from '../fakeApi'

const CHECKPOINTS: CheckpointInfo[] = [
  { name: 'epoch-0001', step: 10, epoch: 1, time: 1 },
  { name: 'epoch-0002', step: 20, epoch: 2, time: 2 },
]

function charRun(overrides: Partial<RunDetail> = {}): RunDetail {
  return makeDetail({
    id: 'lm-run',
    experiment: 'char-rnn',
    checkpoints: CHECKPOINTS,
    lastCheckpoint: 'epoch-0002',
    totalSteps: 20,
    totalEpochs: 2,
    params: { config: { model: 'rnn1', maxLength: 19 }, seed: 1 },
    artifacts: ['samples/words.jsonl'],
    ...overrides,
  })
}

/** Letter probabilities that differ by checkpoint and letter, so every number on the page is traceable. */
function letterP(letter: string, checkpoint: string): number {
  return ((letter.charCodeAt(0) - 96) / 27) * (checkpoint === 'epoch-0001' ? 0.5 : 1)
}

function lmApi(): FakeApi {
  return fakeApi({
    lmScore: async (runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult> => {
      const at = checkpoint ?? 'epoch-0002'
      if (words.includes('zzz')) throw new Error("'zzz' is a test failure")
      return {
        runId,
        checkpoint: CHECKPOINTS.find((c) => c.name === at)!,
        maxLength: 19,
        words: words.map((word) => {
          const letters = [...word].map((letter) => ({ letter, p: letterP(letter, at) }))
          const probability = letters.reduce((a, l) => a * l.p, 1) * 0.01
          return { word, probability, logProbability: Math.log(probability), letters, end: 0.3 }
        }),
      }
    },
    lmSample: async (runId: string, request: LmSampleRequest): Promise<LmSampleResult> => ({
      runId,
      checkpoint: CHECKPOINTS.find((c) => c.name === request.checkpoint)!,
      seed: request.seed ?? 99,
      temperature: request.temperature ?? 1,
      topK: request.topK ?? 0,
      words: [
        { word: 'tha', letters: [{ letter: 't', p: 0.02, q: 0.1 }, { letter: 'h', p: 0.5, q: 0.6 }, { letter: 'a', p: 0.9, q: 0.95 }], ended: true },
        { word: '', letters: [], ended: true },
      ],
    }),
    readSamples: async (_id: string, name: string) =>
      name === 'words'
        ? [10, 20].map((step) => ({ step, time: step, value: { count: 1, topK: 3, temperature: 1, words: [{ word: `w${step / 10}`.replace(/\d/, (d) => 'ab'[Number(d) - 1]), letters: [{ letter: 'w', p: 0.3, q: 0.4 }, { letter: step === 10 ? 'a' : 'b', p: 0.6, q: 0.7 }], ended: true }] } }))
        : [],
  })
}

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountPanel(api: FakeApi, run = charRun()) {
  setApi(api)
  wrapper = mount(LanguageModelPanel, { props: { run }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const rows = (w: VueWrapper) => w.findAll('[data-testid="lm-word-row"]')

describe('the language-model panel', () => {
  it("scores the seed's 20 words at the latest checkpoint, grouped as the seed groups them, the best of each marked", async () => {
    const api = lmApi()
    const w = await mountPanel(api)
    expect(api.lmScore).toHaveBeenCalledTimes(1)
    expect(api.lmScore.mock.calls[0]).toEqual(['lm-run', expect.arrayContaining(['apple', 'quees']), 'epoch-0002'])
    expect(rows(w)).toHaveLength(20)
    expect(w.findAll('tbody[data-group]').map((g) => g.attributes('data-group'))).toEqual(['apple', 'bear', 'car', 'query', 'Your words'])
    // Under the fake, later letters of the alphabet are likelier: the best of each group follows.
    expect(rows(w).filter((r) => r.attributes('data-best') === 'true').map((r) => r.attributes('data-word'))).toEqual(['apply', 'berr', 'cat', 'query'])
    const apple = rows(w).find((r) => r.attributes('data-word') === 'apple')!
    const p = Number(apple.attributes('data-probability'))
    const cells = apple.findAll('td')
    expect(cells[1].text()).toBe(p.toExponential(2))
    expect(cells[2].text()).toBe(Math.log(p).toFixed(3))
    // Every letter coloured, with its exact probability in the tooltip; the ending space too.
    const letters = apple.findAll('.letter')
    expect(letters.map((l) => l.text())).toEqual(['a', 'p', 'p', 'l', 'e', '␣'])
    expect(letters[0].attributes('title')).toBe(`'a': p = ${Number((1 / 27).toPrecision(4))}`)
    expect(w.find('[data-testid="lm-legend"]').findAll('.band')).toHaveLength(PROBABILITY_BANDS.length)
    expect(w.find('[data-testid="lm-word-table"]').attributes('data-checkpoint')).toBe('epoch-0002')
  })

  it('shows the table at any saved checkpoint', async () => {
    const api = lmApi()
    const w = await mountPanel(api)
    const before = rows(w)[0].attributes('data-probability')
    const select = w.find('[data-testid="lm-table-checkpoint"]')
    expect(select.findAll('option').map((o) => o.text())).toEqual(['epoch 1', 'epoch 2 (latest)'])
    await select.setValue('epoch-0001')
    await flushPromises()
    expect(api.lmScore.mock.calls.at(-1)![2]).toBe('epoch-0001')
    expect(w.find('[data-testid="lm-word-table"]').attributes('data-checkpoint')).toBe('epoch-0001')
    expect(rows(w)[0].attributes('data-probability')).not.toBe(before)
  })

  it("adds the user's words as rows, refuses bad ones by name without asking the core, and removes them", async () => {
    const api = lmApi()
    const w = await mountPanel(api)
    await w.find('[data-testid="lm-user-words"]').setValue('Dog d0g apple')
    await w.find('form.add').trigger('submit')
    await flushPromises()
    expect(api.lmScore.mock.calls.at(-1)).toEqual(['lm-run', ['dog'], 'epoch-0002'])
    const own = w.find('tbody[data-group="Your words"]')
    expect(own.findAll('[data-testid="lm-word-row"]').map((r) => r.attributes('data-word'))).toEqual(['dog'])
    expect(w.text()).toContain("'d0g' has characters outside a-z")
    expect(w.text()).toContain("'apple' is already in the table")
    // A core error is shown, and the table keeps its rows.
    await w.find('[data-testid="lm-user-words"]').setValue('zzz')
    await w.find('form.add').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain("Could not score the words: 'zzz' is a test failure")
    expect(rows(w)).toHaveLength(21)
    await own.find('button.link').trigger('click')
    expect(rows(w)).toHaveLength(20)
  })

  it('samples with top-3 by default at the chosen checkpoint and colours each letter by its probability', async () => {
    const api = lmApi()
    const w = await mountPanel(api)
    await w.find('[data-testid="lm-sample-checkpoint"]').setValue('epoch-0001')
    await w.find('[data-testid="lm-sample-n"]').setValue('5')
    await w.find('.sampling-lab form').trigger('submit')
    await flushPromises()
    expect(api.lmSample).toHaveBeenLastCalledWith('lm-run', { n: 5, temperature: 1, topK: 3, seed: 1, checkpoint: 'epoch-0001' })
    const samples = w.find('[data-testid="lm-samples"]')
    const letters = samples.findAll('.letter')
    expect(letters.map((l) => l.attributes('data-band'))).toEqual(['0', '3', '4'])
    expect(letters[0].attributes('style')).toContain('background')
    expect(letters[1].attributes('title')).toBe("'h': p = 0.5; drawn with 0.6 after temperature and top-k")
    expect(samples.text()).toContain('(empty)')
    expect(samples.text()).toContain('top-k 3')
  })

  it('stops bad settings before the core sees them', async () => {
    const api = lmApi()
    const w = await mountPanel(api)
    await w.find('[data-testid="lm-sample-temperature"]').setValue('0')
    expect(w.text()).toContain('Temperature: a number above 0')
    expect(w.find('[data-testid="lm-sample"]').attributes('disabled')).toBeDefined()
    await w.find('.sampling-lab form').trigger('submit')
    await flushPromises()
    expect(api.lmSample).not.toHaveBeenCalled()
  })

  it('shows the words training sampled after each epoch as a timeline', async () => {
    const w = await mountPanel(lmApi())
    const epochs = w.findAll('[data-testid="lm-timeline-epoch"]')
    expect(epochs.map((e) => e.attributes('data-epoch'))).toEqual(['1', '2'])
    expect(epochs.map((e) => e.find('[data-testid="lm-word"]').text())).toEqual(['wa', 'wb'])
  })

  it('waits for the first checkpoint before scoring', async () => {
    const api = lmApi()
    const w = await mountPanel(api, charRun({ checkpoints: [], lastCheckpoint: null }))
    expect(w.find('[data-testid="lm-no-checkpoint"]').exists()).toBe(true)
    expect(api.lmScore).not.toHaveBeenCalled()
  })
})

describe('the run page', () => {
  const Blank = defineComponent({ name: 'MetricChart', render: () => h('div') })

  async function mountRunPage(run: RunDetail) {
    const api = lmApi()
    api.getRun.mockImplementation(async () => run)
    // The panel follows the declared capabilities, not the experiment's name.
    const languageModel = { ...shapesExperiment, id: 'char-rnn', capabilities: ['score-words', 'sample-words'] as const, outputs: [] }
    api.listExperiments.mockImplementation(async () => [shapesExperiment, { ...languageModel, capabilities: [...languageModel.capabilities] }])
    setApi(api)
    const router = await testRouter(`/runs/${run.id}`)
    wrapper = mount(RunPage, { global: { plugins: [createPinia(), router], stubs: { MetricChart: Blank } }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  it('has the language-model panel for runs whose experiment can score and sample words only', async () => {
    expect((await mountRunPage(charRun())).find('[data-testid="lm-panel"]').exists()).toBe(true)
    wrapper!.unmount()
    expect((await mountRunPage(makeDetail({ id: 'cnn' }))).find('[data-testid="lm-panel"]').exists()).toBe(false)
  })
})
