// @vitest-environment happy-dom
/** The predictions panel: thumbnails from the contact sheet, misclassified first, filtered by a confusion-matrix cell, enlarged on click. */
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ImageRecord, OutputSpec } from '../../../src/shared/api'
import RunOutputsCard from '../../../src/renderer/src/components/run/RunOutputsCard.vue'
import { orderPredictions, thumbnailStyle } from '../../../src/renderer/src/components/run/predictionGallery'
import type { PredictionItem } from '../../../src/renderer/src/components/samples'

const items: PredictionItem[] = [
  { index: 0, label: 'circle', predicted: 'circle', cell: 0 },
  { index: 3, label: 'square', predicted: 'circle', cell: 1 },
  { index: 5, label: 'square', predicted: 'square', cell: 2 },
  { index: 8, label: 'circle', predicted: 'square', cell: 3 },
  { index: 9, label: 'square', predicted: 'circle', cell: 4 },
]
const sheet = { series: 'predictions', step: 30, cellSize: 16, columns: 3 }

describe('prediction order and thumbnails', () => {
  it('puts the misclassified first, each group in test order; a filter keeps one cell of the matrix', () => {
    expect(orderPredictions(items).map((i) => i.index)).toEqual([3, 8, 9, 0, 5])
    expect(orderPredictions(items, { actual: 'square', predicted: 'circle' }).map((i) => i.index)).toEqual([3, 9])
    expect(orderPredictions(items, { actual: 'circle', predicted: 'circle' }).map((i) => i.index)).toEqual([0])
  })

  it('shifts the sheet so that the item’s cell fills the thumbnail', () => {
    // Cell 4 with 3 columns: row 1, column 1; at 64 px a 16 px cell is scaled 4x.
    expect(thumbnailStyle(items[4], sheet, 'data:x', 64)).toEqual({
      backgroundImage: 'url("data:x")',
      backgroundSize: '192px auto',
      backgroundPosition: '-64px -64px',
    })
    expect(thumbnailStyle(items[4], null, 'data:x', 64)).toBeNull()
    expect(thumbnailStyle(items[4], sheet, '', 64)).toBeNull()
    expect(thumbnailStyle({ index: 1, label: 'a', predicted: 'a' }, sheet, 'data:x', 64)).toBeNull()
  })
})

const outputs: OutputSpec[] = [
  { kind: 'confusion-matrix', name: 'confusion', description: '' },
  { kind: 'predictions', name: 'predictions', description: '' },
]
const images: ImageRecord[] = [{ file: 'predictions-00000030.png', series: 'predictions', caption: '', step: 30, epoch: 1, time: 0, width: 48, height: 32 }]
const samples = {
  confusion: { step: 30, value: { classNames: ['circle', 'square'], matrix: [[1, 1], [2, 1]] } },
  predictions: { step: 30, value: { items, total: 5, wrong: 3, sheet } },
}

function mountCard(props: Record<string, unknown> = {}) {
  const asked: string[] = []
  const w = mount(RunOutputsCard, {
    props: { samples, sampleErrors: {}, active: false, outputs, images, urlOf: (file: string) => (asked.push(file), `data:image/png;base64,${file}`), ...props },
    attachTo: document.body,
  })
  return { w, asked }
}

describe('the predictions panel on the run page', () => {
  it('shows thumbnails cut from the sheet the run store serves, misclassified first, with true and predicted labels', () => {
    const { w, asked } = mountCard()
    expect(asked).toContain('predictions-00000030.png')
    const thumbs = w.findAll('[data-testid="prediction-thumb"]')
    expect(thumbs.map((t) => t.attributes('data-index'))).toEqual(['3', '8', '9', '0', '5'])
    expect(thumbs[0].text()).toContain('square')
    expect(thumbs[0].text()).toContain('→ circle')
    expect(thumbs[3].text()).not.toContain('→')
    expect(thumbs[0].classes()).toContain('wrong')
    expect(thumbs[0].find('.picture').attributes('style')).toContain('predictions-00000030.png')
    expect(w.get('[data-testid="predictions"]').text()).toContain('3 of 5 validation images')
    w.unmount()
  })

  it('filters the thumbnails to a clicked confusion-matrix cell; clicking it again shows all', async () => {
    const { w } = mountCard()
    await w.get('[data-testid="confusion-cell"][data-actual="square"][data-predicted="circle"] button').trigger('click')
    expect(w.findAll('[data-testid="prediction-thumb"]').map((t) => t.attributes('data-index'))).toEqual(['3', '9'])
    expect(w.get('[data-testid="predictions-filter"]').text()).toContain('2 shown')
    await w.get('[data-testid="confusion-cell"][data-actual="square"][data-predicted="circle"] button').trigger('click')
    expect(w.findAll('[data-testid="prediction-thumb"]')).toHaveLength(5)
    await w.get('[data-testid="confusion-cell"][data-actual="circle"][data-predicted="circle"] button').trigger('click')
    expect(w.findAll('[data-testid="prediction-thumb"]').map((t) => t.attributes('data-index'))).toEqual(['0'])
    await w.get('[data-testid="predictions-clear-filter"]').trigger('click')
    expect(w.findAll('[data-testid="prediction-thumb"]')).toHaveLength(5)
    w.unmount()
  })

  it('enlarges a thumbnail on click and closes with Escape', async () => {
    const { w } = mountCard()
    await w.findAll('[data-testid="prediction-thumb"]')[1].trigger('click')
    await flushPromises()
    const zoom = w.get('[data-testid="prediction-zoom"]')
    expect(zoom.text()).toContain('true circle, predicted')
    expect(zoom.find('.picture.large').attributes('style')).toContain('background-size: 864px auto')
    await zoom.trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-testid="prediction-zoom"]').exists()).toBe(false)
    w.unmount()
  })

  it('chooses its panels by declared output kinds, whatever the samples are called', () => {
    const renamed = { matrix: samples.confusion, guesses: samples.predictions }
    const { w } = mountCard({
      samples: renamed,
      outputs: [
        { kind: 'confusion-matrix', name: 'matrix', description: '' },
        { kind: 'predictions', name: 'guesses', description: '' },
      ],
    })
    expect(w.find('[data-testid="confusion-matrix"]').exists()).toBe(true)
    expect(w.findAll('[data-testid="prediction-thumb"]')).toHaveLength(5)
    expect(w.findAll('[data-sample]')).toHaveLength(0)
    // Declared as something else: shown as it is.
    const other = mountCard({ samples: renamed, outputs: [{ kind: 'scalars', name: 'scalars', description: '' }] })
    expect(other.w.find('[data-testid="confusion-matrix"]').exists()).toBe(false)
    expect(other.w.findAll('[data-sample]').map((d) => d.attributes('data-sample'))).toEqual(['matrix', 'guesses'])
    w.unmount()
    other.w.unmount()
  })

  it('shows the labels without pictures for a run from before contact sheets', () => {
    const { w } = mountCard({ samples: { predictions: { step: 3, value: { items: items.map(({ cell: _, ...rest }) => rest) } } } })
    expect(w.findAll('[data-testid="prediction-thumb"] .picture.none')).toHaveLength(5)
    w.unmount()
  })
})
