// @vitest-environment happy-dom
/**
 * An `image-file` field on New run: a dropped image is uploaded and its stored path becomes the
 * value; a file over the API's limit is refused before anything is sent; the core's refusal is
 * shown as is; a built-in example can be chosen instead.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { setApi } from '../../../src/renderer/src/api'
import ImageFileInput from '../../../src/renderer/src/components/newrun/ImageFileInput.vue'
import type { ConfigField, DetectImage } from '../../../src/shared/api'
import { fakeApi, flushPromises } from '../fakeApi'

const FIELD: ConfigField = { key: 'content', type: 'image-file', default: 'example:landscape', why: 'The photo.', examples: ['example:landscape', 'example:waves'] }

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

function dropEvent(files: File[]): Event {
  const event = new Event('drop', { cancelable: true, bubbles: true })
  Object.defineProperty(event, 'dataTransfer', { value: { files, types: ['Files'], dropEffect: 'none' } })
  return event
}

describe('ImageFileInput', () => {
  it('uploads a dropped image and takes its stored path as the value', async () => {
    const upload = vi.fn(async (image: DetectImage) => ({ path: '/home/inputs/abc.png', name: image.name, width: 90, height: 60, format: 'png', bytes: 3 }))
    setApi(fakeApi({ uploadInputImage: upload }))
    globalThis.URL.createObjectURL ??= () => 'blob:preview'
    globalThis.URL.revokeObjectURL ??= () => {}
    wrapper = mount(ImageFileInput, { props: { field: FIELD, value: 'example:landscape' } })
    wrapper.find('[data-testid="image-drop-content"]').element.dispatchEvent(dropEvent([new File([new Uint8Array([1, 2, 3])], 'photo.png', { type: 'image/png' })]))
    await vi.waitFor(() => expect(wrapper!.emitted('edit')).toBeTruthy())
    expect(upload).toHaveBeenCalledWith({ name: 'photo.png', dataBase64: 'AQID' })
    expect(wrapper.emitted('edit')).toEqual([['/home/inputs/abc.png']])
    await wrapper.setProps({ value: '/home/inputs/abc.png' })
    expect(wrapper.find('[data-testid="image-preview-content"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('photo.png · 90×60')
  })

  it("refuses a file over the limit before sending it, and shows the core's refusal as is", async () => {
    const upload = vi.fn(async (image: DetectImage): Promise<never> => {
      throw new Error(`${image.name}: animated (2 frames); use a still image`)
    })
    setApi(fakeApi({ uploadInputImage: upload }))
    wrapper = mount(ImageFileInput, { props: { field: FIELD, value: 'example:landscape' } })
    const huge = new File(['x'], 'huge.png')
    Object.defineProperty(huge, 'size', { value: 40 * 1024 * 1024 })
    wrapper.find('[data-testid="image-drop-content"]').element.dispatchEvent(dropEvent([huge]))
    await flushPromises()
    expect(wrapper.find('[data-testid="image-error-content"]').text()).toBe('huge.png: 40 MiB is over the 36 MiB limit.')
    expect(upload).not.toHaveBeenCalled()
    wrapper.find('[data-testid="image-drop-content"]').element.dispatchEvent(dropEvent([new File(['gif'], 'moving.gif')]))
    await vi.waitFor(() => expect(wrapper!.find('[data-testid="image-error-content"]').text()).toBe('moving.gif: animated (2 frames); use a still image'))
    expect(wrapper.emitted('edit')).toBeUndefined()
    // A built-in example instead.
    await wrapper.find('[data-testid="image-example-content"]').setValue('example:waves')
    expect(wrapper.emitted('edit')).toEqual([['example:waves']])
  })
})
