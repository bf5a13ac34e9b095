import { describe, expect, it } from 'vitest'
import { parsePeerOutput, peerNumber } from '../../src/main/bench/peers'
import { aggregateKernels } from '../../src/main/bench/profile'
import { median } from '../../src/main/bench/stats'

describe('reading a PyTorch peer', () => {
  // What resnet_torch.py prints, after a warning line of the kind torch writes.
  const printed = [
    '/usr/lib/python3/dist-packages/torch/__init__.py:1: UserWarning: something',
    '{"peer": "pytorch", "version": "1.13.0", "model": "ResNet18", "shortcut": true, "size": 64, "batch": 16, "threads": 2, "step_ms": 2396.9, "img_per_s": 6.68}',
    '',
  ].join('\n')

  it('takes the last {"peer": "pytorch"} line and marks it available', () => {
    const report = parsePeerOutput(printed, 'resnet_torch.py')
    expect(report).toMatchObject({ peer: 'pytorch', available: true, model: 'ResNet18', step_ms: 2396.9 })
    expect(peerNumber(report, 'img_per_s', 'resnet_torch.py')).toBe(6.68)
  })

  it('skips JSON lines of others and broken lines', () => {
    const report = parsePeerOutput('{"peer": "pytorch", "words_per_s": 1}\n{"other": 1}\n{not json\n', 'char_rnn_torch.py')
    expect(report.words_per_s).toBe(1)
  })

  it('says what was printed when there is no report', () => {
    expect(() => parsePeerOutput('Traceback: boom\n', 'conv_torch.py')).toThrow(/conv_torch.py printed no \{"peer": "pytorch", \.\.\.\} line; it printed 'Traceback: boom'/)
    expect(() => parsePeerOutput('', 'conv_torch.py')).toThrow(/it printed nothing/)
  })

  it('names the field that is not a number', () => {
    const report = parsePeerOutput('{"peer": "pytorch", "step_ms": "fast"}', 'resnet_torch.py')
    expect(() => peerNumber(report, 'step_ms', 'resnet_torch.py')).toThrow(/resnet_torch.py: field 'step_ms' is "fast", not a number/)
  })
})

describe('profile aggregation', () => {
  it('sums kernel times by name, largest first, untimed calls as 0 ms', () => {
    const totals = aggregateKernels([
      { name: 'Conv2D', kernelTimeMs: 3 },
      { name: 'Add', kernelTimeMs: 1 },
      { name: 'Conv2D', kernelTimeMs: 4.5 },
      { name: 'Relu', kernelTimeMs: { error: 'not timed' } },
      { name: 'Add', kernelTimeMs: 0.25 },
    ])
    expect(totals).toEqual([
      { kernel: 'Conv2D', calls: 2, ms: 7.5 },
      { kernel: 'Add', calls: 2, ms: 1.25 },
      { kernel: 'Relu', calls: 1, ms: 0 },
    ])
    expect(aggregateKernels([{ name: 'A', kernelTimeMs: 1 }, { name: 'B', kernelTimeMs: 2 }], 1)).toEqual([{ kernel: 'B', calls: 1, ms: 2 }])
  })

  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(3)
    expect(median([])).toBeNaN()
  })
})
