// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { base64Of, readAsDataUrl, useFileDrop } from '../../src/renderer/src/components/fileDrop'

/** A drag event carrying `files` (the browser's dataTransfer reduced to what the handlers read). */
function drag(type: string, files: File[], types = ['Files']): DragEvent {
  const event = new Event(type, { cancelable: true }) as DragEvent
  Object.defineProperty(event, 'dataTransfer', { value: { files, types, dropEffect: 'none' } })
  return event
}

describe('useFileDrop', () => {
  it('keeps the highlight while the drag moves over children, and hands on the dropped files', () => {
    const got: string[][] = []
    const drop = useFileDrop((files) => got.push(files.map((f) => f.name)))
    const files = [new File(['a'], 'a.png'), new File(['b'], 'b.png')]
    drop.onDragEnter(drag('dragenter', files))
    drop.onDragEnter(drag('dragenter', files)) // into a child
    drop.onDragLeave() // out of the zone itself
    expect(drop.dragging.value).toBe(true)
    const over = drag('dragover', files)
    drop.onDragOver(over)
    expect(over.defaultPrevented).toBe(true)
    expect(over.dataTransfer?.dropEffect).toBe('copy')
    drop.onDrop(drag('drop', files))
    expect(drop.dragging.value).toBe(false)
    expect(got).toEqual([['a.png', 'b.png']])
  })

  it('ignores drags without files and drops of nothing', () => {
    const got: File[][] = []
    const drop = useFileDrop((files) => got.push(files))
    const text = drag('dragenter', [], ['text/plain'])
    drop.onDragEnter(text)
    expect(text.defaultPrevented).toBe(false)
    expect(drop.dragging.value).toBe(false)
    drop.onDrop(drag('drop', []))
    expect(got).toEqual([])
  })

  it('hands on picked files and empties the input so the same file can be picked again', () => {
    const got: string[][] = []
    const drop = useFileDrop((files) => got.push(files.map((f) => f.name)))
    const input = { files: [new File(['x'], 'x.jpg')], value: 'C:\\fakepath\\x.jpg' }
    drop.onPick({ target: input } as unknown as Event)
    expect(got).toEqual([['x.jpg']])
    expect(input.value).toBe('')
  })
})

describe('reading a file', () => {
  it('gives a data: URL and its base64 part', async () => {
    const url = await readAsDataUrl(new Blob(['abc'], { type: 'image/png' }))
    expect(url.startsWith('data:image/png')).toBe(true)
    expect(base64Of(url)).toBe('YWJj')
    expect(base64Of('no comma')).toBe('')
  })
})
