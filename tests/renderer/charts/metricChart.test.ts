// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { markRaw, nextTick } from 'vue'
import { getInstanceByDom } from 'echarts/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MetricPoint } from '../../../src/shared/api'
import MetricChart from '../../../src/renderer/src/components/MetricChart.vue'
import type { ChartSeries } from '../../../src/renderer/src/charts/types'
import { formatNumber } from '../../../src/renderer/src/charts/xAxis'
import { useFakeLayout } from './domHelpers'

function points(n: number, k = 1, from = 1): MetricPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const step = from + i
    return { step, epoch: Math.ceil(step / 100), time: 1_700_000_000_000 + step * 1000, value: 2 * Math.exp(-step / (200 * k)) + 0.05 * Math.sin(step) }
  })
}

function series(): ChartSeries[] {
  return [
    { key: 'a:loss', label: 'run a, lr=0.1', points: markRaw(points(5000)) },
    { key: 'b:loss', label: 'run <b>', points: markRaw(points(3000, 2)) },
  ]
}

/** Resolves with the next `rendered` payloads once `count` arrived. */
function waitRendered(wrapper: { emitted: (e: string) => unknown[][] | undefined }, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const tick = () => {
      if ((wrapper.emitted('rendered')?.length ?? 0) >= count) resolve()
      else if (Date.now() - t0 > 10_000) reject(new Error('no rendered event'))
      else setTimeout(tick, 10)
    }
    tick()
  })
}

useFakeLayout()

const mounted: { unmount: () => void }[] = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  document.body.innerHTML = ''
})

function mountChart(props: Partial<{ series: ChartSeries[]; smoothing: number; revision: number; xAxis: 'step' | 'epoch' | 'samples' | 'time' }> = {}) {
  const wrapper = mount(MetricChart, {
    attachTo: document.body,
    props: { title: 'loss', series: series(), xAxis: 'step', smoothing: 0.6, height: 300, ...props },
  })
  mounted.push(wrapper)
  return wrapper
}

describe('MetricChart', () => {
  it('renders, reports its points and emits rendered with a duration', async () => {
    const wrapper = mountChart()
    await nextTick()
    const root = wrapper.get('[data-testid="metric-chart"]')
    expect(root.attributes('data-points')).toBe('8000')
    expect(root.attributes('style')).toContain('height: 300px')
    await waitRendered(wrapper, 1)
    const payload = wrapper.emitted('rendered')![0][0] as { ms: number }
    expect(typeof payload.ms).toBe('number')
    expect(payload.ms).toBeGreaterThanOrEqual(0)
  })

  it('exports SVG with title and legend, and the plotted CSV', async () => {
    const wrapper = mountChart()
    await waitRendered(wrapper, 1)
    const vm = wrapper.vm as unknown as { exportSvg(): string; plottedCsv(): string }
    const svg = vm.exportSvg()
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('loss')
    expect(svg).toContain('run a, lr=0.1')
    expect(svg).toContain('run &lt;b&gt;')
    const csv = vm.plottedCsv().trim().split('\n')
    expect(csv[0]).toBe('step,"run a, lr=0.1 (raw)","run a, lr=0.1 (smoothed)",run <b> (raw),run <b> (smoothed)')
    // Every point, not the down-sampled display: one row per step 1..5000.
    expect(csv.length).toBe(1 + 5000)
    expect(csv[1].split(',')[0]).toBe('1')
    expect(csv[3001].split(',').slice(3)).toEqual(['', ''])
  })

  it('grows live: appended points + revision update the chart in place', async () => {
    const list = series()
    const wrapper = mountChart({ series: list, revision: 0 })
    await waitRendered(wrapper, 1)
    const chart = getInstanceByDom(wrapper.element.querySelector('.canvas-host') as HTMLElement)!
    const setOption = vi.spyOn(chart, 'setOption')
    list[0].points.push(...points(10, 1, 5001))
    await wrapper.setProps({ revision: 1 })
    await nextTick()
    expect(wrapper.get('[data-testid="metric-chart"]').attributes('data-points')).toBe('8010')
    await waitRendered(wrapper, 2)
    // One merge with only the data of the curve that grew (its smoothed and raw lines) and the x
    // extent: the other curve keeps its sample (the x range grew by less than half a percent).
    expect(setOption).toHaveBeenCalledTimes(1)
    const [option, opts] = setOption.mock.calls[0] as unknown as [Record<string, unknown>, Record<string, unknown>]
    expect(Object.keys(option).sort()).toEqual(['series', 'xAxis'])
    expect((option.series as { id: string }[]).map((x) => x.id.split('\u0000'))).toEqual([
      ['a:loss', 'smooth'],
      ['a:loss', 'raw'],
    ])
    expect(opts).toMatchObject({ lazyUpdate: true })
    expect(opts.notMerge).toBeUndefined()
    const vm = wrapper.vm as unknown as { plottedCsv(): string }
    expect(vm.plottedCsv().trim().split('\n').length).toBe(1 + 5010)
  })

  it('shows only raw lines without smoothing, and follows the x axis', async () => {
    const wrapper = mountChart({ smoothing: 0 })
    await waitRendered(wrapper, 1)
    const vm = wrapper.vm as unknown as { plottedCsv(): string }
    expect(vm.plottedCsv().split('\n')[0]).toBe('step,"run a, lr=0.1 (raw)",run <b> (raw)')
    await wrapper.setProps({ xAxis: 'time' })
    expect(vm.plottedCsv().split('\n')[0].startsWith('time_s,')).toBe(true)
    expect(vm.plottedCsv().split('\n')[1].split(',')[0]).toBe('0')
  })

  it('re-samples the visible range after a zoom', async () => {
    const wrapper = mountChart()
    await waitRendered(wrapper, 1)
    const chart = getInstanceByDom(wrapper.element.querySelector('.canvas-host') as HTMLElement)!
    const setOption = vi.spyOn(chart, 'setOption')
    // x runs 0..5000 (the axis starts at 0): 40%..60% is steps 2000..3000.
    chart.dispatchAction({ type: 'dataZoom', start: 40, end: 60 })
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(setOption).toHaveBeenCalled()
    const option = setOption.mock.calls.at(-1)![0] as unknown as { series: { id: string; data: Float64Array }[] }
    const raw = option.series.find((x) => x.id === 'a:loss\u0000raw')!.data
    const xs = raw.filter((_, i) => i % 2 === 0)
    expect(xs[0]).toBe(1999)
    expect(xs[xs.length - 1]).toBe(3001)
    // 1,001 steps in the window at ~740 px: every point is drawn (under 2x the width).
    expect(xs.length).toBe(1003)
    expect(wrapper.find('[data-testid="chart-reset-zoom"]').exists()).toBe(true)
  })

  it('shows every series at the hovered x in the tooltip, from the full data', async () => {
    const wrapper = mountChart({ smoothing: 0 })
    await waitRendered(wrapper, 1)
    const chart = getInstanceByDom(wrapper.element.querySelector('.canvas-host') as HTMLElement)!
    const [px, py] = chart.convertToPixel({ gridIndex: 0 }, [1234.4, 1]) as number[]
    chart.dispatchAction({ type: 'showTip', x: px, y: py })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const text = wrapper.element.textContent ?? ''
    // The pointer lands within a step of 1,234 (pixel rounding); the values are those at that step.
    const step = Number(/step (\d),(\d{3})/.exec(text)?.slice(1).join(''))
    expect(Math.abs(step - 1234)).toBeLessThanOrEqual(2)
    const a = series()[0].points[step - 1].value
    const b = series()[1].points[step - 1].value
    expect(text).toContain(`run a, lr=0.1${formatNumber(a)}`)
    expect(text).toContain(`run <b>${formatNumber(b)}`)
  })

  it('disposes its ECharts instance on unmount', async () => {
    const wrapper = mountChart()
    await waitRendered(wrapper, 1)
    const host = wrapper.element.querySelector('.canvas-host') as HTMLElement
    expect(host.getAttribute('_echarts_instance_')).toBeTruthy()
    wrapper.unmount()
    mounted.splice(mounted.indexOf(wrapper), 1)
    expect(host.getAttribute('_echarts_instance_')).toBeFalsy()
  })
})
