// @vitest-environment happy-dom
/**
 * The run page's plots chosen by output kind: the geometry of an ROC curve, histograms and a 2-D
 * projection worked out by hand, bad shapes refused, and the outputs card drawing a declared
 * `roc-curve` / `histograms` / `embeddings` output instead of listing it as JSON.
 */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RunOutputsCard from '../../../src/renderer/src/components/run/RunOutputsCard.vue'
import { CLASS_COLORS, histogramPlot, PAD, PLOT_H, PLOT_W, projectionPlot, rocPlot } from '../../../src/renderer/src/components/run/outputPlots'

// The plot area: x from PAD to PLOT_W - 8, y from PLOT_H - PAD (0) up to 8 (1).
const X = (f: number) => PAD + f * (PLOT_W - PAD - 8)
const Y = (f: number) => PLOT_H - PAD - f * (PLOT_H - PAD - 8)

describe('ROC curve', () => {
  it('maps (fpr, tpr) into the plot area', () => {
    const p = rocPlot({ fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], auc: 0.875, threshold: 0.7 })!
    expect(p.path).toBe(`M${X(0)} ${Y(0)} L${X(0)} ${Y(0.5)} L${X(0.5)} ${Y(1)} L${X(1)} ${Y(1)}`)
    expect(p.auc).toBe(0.875)
    expect(p.threshold).toBe(0.7)
  })
  it('refuses other shapes', () => {
    expect(rocPlot({ fpr: [0, 1], tpr: [0], auc: 1 })).toBeNull()
    expect(rocPlot({ fpr: [0, 1], tpr: [0, 1] })).toBeNull()
    expect(rocPlot(null)).toBeNull()
  })
})

describe('histograms', () => {
  it('draws each series as shares of its own total on one scale, with the marker', () => {
    // Bins [0, 1), [1, 2): series a 3 and 1 (shares 0.75, 0.25), b 0 and 10 (0, 1). Tallest share 1.
    const h = histogramPlot({ edges: [0, 1, 2], series: [{ label: 'a', counts: [3, 1] }, { label: 'b', counts: [0, 10] }], marker: { label: 't', value: 1.5 } })!
    const full = PLOT_H - PAD - 8
    const width = (PLOT_W - PAD - 8) / 2
    expect(h.series[0].bars.map((b) => [b.x, b.height, b.share])).toEqual([
      [X(0), Math.round(0.75 * full * 100) / 100, 0.75],
      [X(0.5), Math.round(0.25 * full * 100) / 100, 0.25],
    ])
    expect(h.series[1].bars[1]).toMatchObject({ x: X(0.5), y: Y(1), height: full, width, share: 1 })
    expect(h.series.map((s) => [s.label, s.total, s.color])).toEqual([['a', 4, CLASS_COLORS[0]], ['b', 10, CLASS_COLORS[1]]])
    expect(h.marker).toEqual({ x: X(0.75), label: 't 1.500' })
  })
  it('refuses counts that do not fit the edges', () => {
    expect(histogramPlot({ edges: [0, 1, 2], series: [{ label: 'a', counts: [1] }] })).toBeNull()
  })
})

describe('2-D projection', () => {
  it('scales both axes alike and centres the cloud, one colour per class', () => {
    // x spans 4, y spans 2: one scale of (min(W, H) - 16) / 4 per unit.
    const p = projectionPlot({ classNames: ['a', 'b', 'c'], points: [[-2, 0, 0], [2, 0, 1], [0, 2, 1]], explained: [0.6, 0.3] })!
    const inner = Math.min(PLOT_W, PLOT_H) - 16
    const s = inner / 4
    const ox = (PLOT_W - inner) / 2
    const oy = (PLOT_H - 2 * s) / 2
    expect(p.points.map((q) => [q.x, q.y, q.label])).toEqual([
      [ox, PLOT_H - oy, 'a'],
      [ox + 4 * s, PLOT_H - oy, 'b'],
      [ox + 2 * s, PLOT_H - oy - 2 * s, 'b'],
    ])
    expect(p.legend).toEqual([{ label: 'a', color: CLASS_COLORS[0], count: 1 }, { label: 'b', color: CLASS_COLORS[1], count: 2 }])
    expect(p.explained).toEqual([0.6, 0.3])
  })
  it('refuses a class index outside the names', () => {
    expect(projectionPlot({ classNames: ['a'], points: [[0, 0, 1]] })).toBeNull()
  })
})

describe('the outputs card', () => {
  it('draws declared plot outputs by kind and lists the rest as JSON', () => {
    const w = mount(RunOutputsCard, {
      props: {
        active: false,
        sampleErrors: {},
        outputs: [
          { kind: 'roc-curve', name: 'roc', description: 'ROC' },
          { kind: 'histograms', name: 'distances', description: 'distances' },
          { kind: 'embeddings', name: 'projection', description: 'PCA' },
        ],
        samples: {
          roc: { step: 10, value: { fpr: [0, 1], tpr: [0, 1], auc: 0.5 } },
          distances: { step: 10, value: { edges: [0, 1], series: [{ label: 'x', counts: [2] }] } },
          projection: { step: 10, value: { classNames: ['a'], points: [[0, 0, 0], [1, 1, 0]] } },
          other: { step: 10, value: { anything: 1 } },
        },
      },
    })
    expect(w.findAll('[data-output-kind]').map((f) => f.attributes('data-output-kind'))).toEqual(['roc-curve', 'histograms', 'embeddings'])
    expect(w.get('[data-testid=roc-auc]').text()).toBe('AUC 0.500')
    expect(w.findAll('[data-output-kind=embeddings] circle')).toHaveLength(2)
    expect(w.findAll('pre.json')).toHaveLength(1)
    expect(w.get('pre.json').text()).toContain('anything')
  })
})
