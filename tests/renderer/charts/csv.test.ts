// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { csvField, dataUrlToBlob, downloadBlob, plottedCsv, safeFileName } from '../../../src/renderer/src/charts/csv'

describe('csv', () => {
  it('escapes quotes, commas and line breaks', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(1.5)).toBe('1.5')
  })

  it('writes x, then raw and smoothed values of every series, one row per x', () => {
    const csv = plottedCsv('step', [
      { label: 'run "a", lr=0.1', xs: [1, 2, 3], raw: [3, 2, 1], smoothed: [3, 2.5, 2] },
      { label: 'b', xs: [2, 4], raw: [NaN, 5], smoothed: [NaN, 5] },
    ])
    expect(csv).toBe(
      [
        'step,"run ""a"", lr=0.1 (raw)","run ""a"", lr=0.1 (smoothed)",b (raw),b (smoothed)',
        '1,3,3,,',
        '2,2,2.5,NaN,NaN',
        '3,1,2,,',
        '4,,,5,5',
        '',
      ].join('\n'),
    )
  })

  it('has no smoothed column when the chart shows raw values only', () => {
    expect(plottedCsv('epoch', [{ label: 'x', xs: [0.5, 1], raw: [1, 2], smoothed: null }])).toBe('epoch,x (raw)\n0.5,1\n1,2\n')
  })

  it('makes safe file names', () => {
    expect(safeFileName('val/loss: a<b>')).toBe('val_loss_ a_b_')
    expect(safeFileName('  ')).toBe('chart')
  })

  it('downloads through an <a download> click and decodes data URLs', async () => {
    const clicks: string[] = []
    const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    downloadBlob('loss.csv', new Blob(['a,b\n'], { type: 'text/csv' }))
    expect(clicks).toEqual(['loss.csv'])
    expect(document.querySelectorAll('a').length).toBe(0)
    spy.mockRestore()
    const blob = dataUrlToBlob('data:text/plain;base64,' + btoa('hello'))
    expect(blob.type).toBe('text/plain')
    expect(await blob.text()).toBe('hello')
  })
})
