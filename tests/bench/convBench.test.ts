import { describe, expect, it } from 'vitest'
import { convFlops, convPeerArgs, CPU_CONV_SHAPE, outputSide, RESNET18_CONV_SHAPES } from '../../src/main/bench/convBench'
import { describeResNet } from '../../src/main/experiments/resnet/model'

describe('conv bench shapes', () => {
  const shapes = [...RESNET18_CONV_SHAPES, CPU_CONV_SHAPE]

  it('count flops as conv_torch.py does (pad k//2, out = (size + 2 pad - k) // stride + 1)', () => {
    for (const s of shapes) {
      const pad = Math.floor(s.k / 2)
      const out = Math.floor((s.size + 2 * pad - s.k) / s.stride) + 1
      expect(outputSide(s), s.name).toBe(out)
      expect(convFlops(s), s.name).toBe(2 * s.batch * out * out * s.cout * s.cin * s.k * s.k)
    }
  })

  it('are ResNet-18 layers at 64 px: the stem output and the g1 and g3 block sides', () => {
    const layers = describeResNet({ model: 'ResNet18', shortcut: true, size: 64, classes: 2, seed: 0 }).layers
    const side = (name: string) => layers.find((l) => l.name === name)!.outputShape[0]
    const [stem, g1, g3] = RESNET18_CONV_SHAPES
    expect(outputSide(stem)).toBe(side('stem_conv'))
    expect(g1.size).toBe(side('stem_pool'))
    expect(g3.size).toBe(side('g3b1'))
  })

  it('pass the same shape to the peer', () => {
    expect(convPeerArgs(RESNET18_CONV_SHAPES[0])).toEqual(['--batch', '16', '--size', '64', '--cin', '3', '--cout', '64', '--k', '7', '--stride', '2'])
  })
})
