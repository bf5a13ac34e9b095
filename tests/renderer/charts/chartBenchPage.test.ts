// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ChartBenchPage from '../../../src/renderer/src/pages/ChartBenchPage.vue'
import { until, useFakeLayout } from './domHelpers'

useFakeLayout(1200, 420)

describe('ChartBenchPage', () => {
  it('renders 1,000,000 points and writes first-render and smoothing re-render times', async () => {
    const wrapper = mount(ChartBenchPage, { attachTo: document.body })
    try {
      const pre = () => wrapper.find('[data-testid="bench-result"]').text()
      await until(() => pre() !== '', 50_000, 'the bench result')
      const result = JSON.parse(pre()) as Record<string, number>
      expect(Object.keys(result).sort()).toEqual(['firstRenderMs', 'points', 'smoothingRerenderMs'])
      expect(result.points).toBe(1_000_000)
      expect(result.firstRenderMs).toBeGreaterThan(0)
      expect(result.smoothingRerenderMs).toBeGreaterThan(0)
      expect(wrapper.find('[data-testid="metric-chart"]').attributes('data-points')).toBe('1000000')
    } finally {
      wrapper.unmount()
    }
  }, 60_000)
})
