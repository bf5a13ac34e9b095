// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import RunImagesCard from '../../../src/renderer/src/components/images/RunImagesCard.vue'
import { imagesAtStep, imageSteps } from '../../../src/renderer/src/components/images/imageSteps'
import type { ImageRecord } from '../../../src/shared/api'

const img = (series: string, step: number): ImageRecord => ({
  file: `${series}-${String(step).padStart(8, '0')}.png`,
  series,
  caption: `${series} at ${step}`,
  step,
  epoch: 0,
  time: 0,
  width: 64,
  height: 48,
})
const IMAGES = [img('stylised', 0), img('stylised', 10), img('stylised', 20), img('content', 0)]
const urlOf = (file: string) => `data:image/png;base64,${file}`

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('image grid helpers', () => {
  it('steps, and per series the newest image at or before a step', () => {
    expect(imageSteps(IMAGES)).toEqual([0, 10, 20])
    expect(imagesAtStep(IMAGES, 15).map((i) => i.file)).toEqual(['stylised-00000010.png', 'content-00000000.png'])
    expect(imagesAtStep(IMAGES, 0).map((i) => i.step)).toEqual([0, 0])
  })
})

describe('RunImagesCard', () => {
  it('shows every series at the slider step, zooms 1:1 on click, swipes between two images, downloads PNGs', async () => {
    wrapper = mount(RunImagesCard, { props: { images: IMAGES, urlOf, error: null }, attachTo: document.body })
    // The newest step first.
    expect(wrapper.get('[data-testid="image-step-value"]').text()).toBe('20')
    expect(wrapper.findAll('[data-testid="image-tile"]').map((t) => t.attributes('data-file'))).toEqual(['stylised-00000020.png', 'content-00000000.png'])
    await wrapper.get('[data-testid="image-step"]').setValue('1')
    expect(wrapper.get('[data-testid="image-step-value"]').text()).toBe('10')
    expect(wrapper.findAll('[data-testid="image-tile"]')[0].attributes('data-file')).toBe('stylised-00000010.png')

    const download = wrapper.findAll('[data-testid="image-download"]')[0]
    expect(download.attributes('download')).toBe('stylised-00000010.png')
    expect(download.attributes('href')).toBe(urlOf('stylised-00000010.png'))

    await wrapper.get('[data-testid="image-tile"] button').trigger('click')
    const zoomed = wrapper.get('[data-testid="image-zoom"] img')
    expect([zoomed.attributes('width'), zoomed.attributes('height')]).toEqual(['64', '48'])
    await wrapper.get('[data-testid="image-zoom-close"]').trigger('click')
    expect(wrapper.find('[data-testid="image-zoom"]').exists()).toBe(false)

    await wrapper.get('[data-testid="swipe-before"]').setValue('stylised-00000000.png')
    await wrapper.get('[data-testid="swipe-after"]').setValue('stylised-00000020.png')
    await wrapper.get('[data-testid="swipe-position"]').setValue('30')
    const swipe = wrapper.findAll('[data-testid="image-swipe"] .swipe img')
    expect(swipe.map((i) => i.attributes('src'))).toEqual([urlOf('stylised-00000020.png'), urlOf('stylised-00000000.png')])
    expect(swipe[1].attributes('style')).toContain('inset(0 70% 0 0)')
  })
})
