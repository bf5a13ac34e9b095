/**
 * ResNet-18/50 with and without shortcuts (spec §1). Every expected count and shape below is
 * computed here from the architecture as the spec writes it, not taken from the code under test.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import type * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildResNet, describeResNet, minimumSize, type ResNetName } from '../../src/main/experiments/resnet/model'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

// ---- independent arithmetic -------------------------------------------------------------------

/** Keras count_params of layers: conv k*k*cin*cout + cout (bias on); BN 4c, of which 2c trainable; dense in*out + out. */
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout
const bnAll = (c: number) => 4 * c
const bnTrainable = (c: number) => 2 * c
const dense = (inputs: number, units: number) => inputs * units + units

/** Keras 'same' with stride s: ceil(n/s); a 1x1 'valid' conv with stride s is the same; pool k/s valid: floor((n-k)/s)+1. */
const same = (n: number, s: number) => Math.ceil(n / s)
const pool = (n: number, k: number, s: number) => Math.floor((n - k) / s) + 1

interface Expected {
  params: number
  trainable: number
  /** Side after the stem conv, the max-pool, then after each group. */
  sides: number[]
  /** Side after the 2x2 average pool. */
  pooled: number
  projections: number
}

/** One residual block: the convs of its main path (each followed by BN), k x k from cin to cout, and its stride. */
interface Block {
  convs: Array<[k: number, cin: number, cout: number]>
  stride: number
  /** The last block of a group: the side after it is one of Expected.sides. */
  endsGroup: boolean
}

/**
 * Stem (7x7/2 conv 3->64, 3x3/2 max-pool), the blocks (with shortcuts, a 1x1 conv + BN projection
 * where the stride or the width changes), a 2x2 average pool and the dense head.
 */
function expectedResNet(size: number, shortcut: boolean, classes: number, blocks: Block[]): Expected {
  let params = conv(7, 3, 64)
  let trainable = conv(7, 3, 64)
  let side = same(size, 2)
  const sides = [side]
  side = pool(side, 3, 2)
  sides.push(side)
  let projections = 0
  for (const { convs, stride, endsGroup } of blocks) {
    for (const [k, cin, cout] of convs) {
      params += conv(k, cin, cout) + bnAll(cout)
      trainable += conv(k, cin, cout) + bnTrainable(cout)
    }
    const cin = convs[0][1]
    const cout = convs[convs.length - 1][2]
    if (shortcut && (stride !== 1 || cin !== cout)) {
      params += conv(1, cin, cout) + bnAll(cout)
      trainable += conv(1, cin, cout) + bnTrainable(cout)
      projections++
    }
    side = same(side, stride)
    if (endsGroup) sides.push(side)
  }
  const features = blocks[blocks.length - 1].convs.at(-1)![2]
  const pooled = pool(side, 2, 2)
  const units = classes === 2 ? 1 : classes
  params += dense(pooled * pooled * features, units)
  trainable += dense(pooled * pooled * features, units)
  return { params, trainable, sides, pooled, projections }
}

/** ResNet-18: stem, then basic blocks 64, 64, 128/2, 128, 256/2, 256, 512/2, 512. */
function expectedResNet18(size: number, shortcut: boolean, classes: number): Expected {
  const plan: Array<[number, number]> = [[64, 1], [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1]]
  let cin = 64
  const blocks = plan.map(([c, s], i): Block => {
    // conv3x3(cin->c) + BN + conv3x3(c->c) + BN
    const block: Block = { convs: [[3, cin, c], [3, c, c]], stride: s, endsGroup: i % 2 === 1 }
    cin = c
    return block
  })
  return expectedResNet(size, shortcut, classes, blocks)
}

/** ResNet-50: stem, then bottleneck groups (64,256)x3, (128,512)x4, (256,1024)x6, (512,2048)x3, each starting with stride 2. */
function expectedResNet50(size: number, shortcut: boolean, classes: number): Expected {
  const groups: Array<[number, number, number]> = [[64, 256, 3], [128, 512, 4], [256, 1024, 6], [512, 2048, 3]]
  let cin = 64
  const blocks: Block[] = []
  for (const [f1, f2, n] of groups) {
    for (let b = 0; b < n; b++) {
      // 1x1(cin->f1)+BN, 3x3(f1->f1)+BN, 1x1(f1->f2)+BN
      blocks.push({ convs: [[1, cin, f1], [3, f1, f1], [1, f1, f2]], stride: b === 0 ? 2 : 1, endsGroup: b === n - 1 })
      cin = f2
    }
  }
  return expectedResNet(size, shortcut, classes, blocks)
}

const expected = (model: ResNetName, size: number, shortcut: boolean, classes: number) =>
  model === 'ResNet18' ? expectedResNet18(size, shortcut, classes) : expectedResNet50(size, shortcut, classes)

/** Bitwise equality of two weight arrays (a plain loop: toEqual on millions of numbers is far too slow). */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

const count = (weights: tfl.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0)

// ---- tests ------------------------------------------------------------------------------------

describe('independent expectations (sanity of the test arithmetic itself)', () => {
  it('ResNet-50 at 224 runs through the seed spatial sizes 112, 55, 28, 14, 7, 4', () => {
    expect(expectedResNet50(224, true, 2).sides).toEqual([112, 55, 28, 14, 7, 4])
    expect(expectedResNet50(224, true, 2).pooled).toBe(2)
  })
  it('ResNet-18 at 224 runs through 112, 55, 55, 28, 14, 7', () => {
    expect(expectedResNet18(224, true, 2).sides).toEqual([112, 55, 55, 28, 14, 7])
    expect(expectedResNet18(224, true, 2).pooled).toBe(3)
  })
})

const VARIANTS: Array<[ResNetName, boolean]> = [['ResNet18', true], ['ResNet18', false], ['ResNet50', true], ['ResNet50', false]]

describe.each([224, 128])('parameter counts at %i px', (size) => {
  it.each(VARIANTS)('%s shortcut=%s: count_params and trainable params match the architecture', (model, shortcut) => {
    for (const classes of [2, 10]) {
      const want = expected(model, size, shortcut, classes)
      const m = buildResNet({ model, shortcut, size, classes, seed: 1 })
      try {
        expect(m.countParams()).toBe(want.params)
        expect(count(m.trainableWeights)).toBe(want.trainable)
        expect(m.countParams() - count(m.trainableWeights)).toBe(want.params - want.trainable)
        const d = describeResNet({ model, shortcut, size, classes, seed: 1 })
        expect(d.params).toBe(want.params)
        expect(d.trainableParams).toBe(want.trainable)
        expect(m.outputs[0].shape).toEqual([null, classes === 2 ? 1 : classes])
      } finally {
        m.dispose()
      }
    }
  })
})

describe('the counts, written out', () => {
  it('at 224 px, two classes', () => {
    // Recorded so the report can quote them; they are the independent arithmetic's results.
    expect(expectedResNet18(224, true, 2).params).toBe(11195265)
    expect(expectedResNet18(224, false, 2).params).toBe(11018753)
    expect(expectedResNet50(224, true, 2).params).toBe(23595649)
    expect(expectedResNet50(224, false, 2).params).toBe(20807553)
  })
})

describe('output shapes', () => {
  it('ResNet-50 at 224: 112, 55, 28, 14, 7, 4, pooled to 2x2x2048', () => {
    const m = buildResNet({ model: 'ResNet50', shortcut: true, size: 224, classes: 2, seed: 1 })
    const side = (name: string) => (m.getLayer(name).outputShape as number[])[1]
    expect([side('stem_conv'), side('stem_pool'), side('g1b3_out'), side('g2b4_out'), side('g3b6_out'), side('g4b3_out')]).toEqual([112, 55, 28, 14, 7, 4])
    expect(m.getLayer('head_pool').outputShape).toEqual([null, 2, 2, 2048])
    expect(m.getLayer('head_flatten').outputShape).toEqual([null, 8192])
    m.dispose()
  })
  it('ResNet-18 at 224: 112, 55, 55, 28, 14, 7, pooled to 3x3x512', () => {
    const m = buildResNet({ model: 'ResNet18', shortcut: false, size: 224, classes: 5, seed: 1 })
    const side = (name: string) => (m.getLayer(name).outputShape as number[])[1]
    expect([side('stem_conv'), side('stem_pool'), side('g1b2_out'), side('g2b2_out'), side('g3b2_out'), side('g4b2_out')]).toEqual([112, 55, 55, 28, 14, 7])
    expect(m.getLayer('head_pool').outputShape).toEqual([null, 3, 3, 512])
    expect(m.outputs[0].shape).toEqual([null, 5])
    m.dispose()
  })
  it('describeResNet gives the same output shapes as the built model, layer by layer', () => {
    for (const [model, shortcut] of VARIANTS) {
      const m = buildResNet({ model, shortcut, size: 128, classes: 10, seed: 1 })
      const d = describeResNet({ model, shortcut, size: 128, classes: 10, seed: 1 })
      for (const l of d.layers) {
        const layerName = l.kind === 'block' ? `${l.name}_out` : l.name
        expect((m.getLayer(layerName).outputShape as number[]).slice(1)).toEqual(l.outputShape)
      }
      m.dispose()
    }
  })
  it('a forward pass gives probabilities of the right shape', () => {
    const m = buildResNet({ model: 'ResNet18', shortcut: true, size: 40, classes: 3, seed: 1 })
    const y = m.predict(tf.ones([2, 40, 40, 3])) as tf.Tensor
    expect(y.shape).toEqual([2, 3])
    const sums = tf.sum(y, 1).arraySync() as number[]
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5))
    tf.dispose(y)
    m.dispose()
  })
})

describe('with and without shortcuts', () => {
  it.each(['ResNet18', 'ResNet50'] as const)('%s: they differ exactly by the projections and the additions', (model) => {
    const size = 128
    const on = expected(model, size, true, 2)
    const off = expected(model, size, false, 2)
    expect(on.projections).toBe(model === 'ResNet18' ? 3 : 4)
    const a = buildResNet({ model, shortcut: true, size, classes: 2, seed: 3 })
    const b = buildResNet({ model, shortcut: false, size, classes: 2, seed: 3 })
    const names = (m: tfl.LayersModel) => new Set(m.layers.map((l) => l.name))
    const onlyA = [...names(a)].filter((n) => !names(b).has(n))
    const onlyB = [...names(b)].filter((n) => !names(a).has(n))
    expect(onlyB).toEqual([])
    expect(onlyA.every((n) => /_(proj_conv|proj_bn|add)$/.test(n))).toBe(true)
    expect(onlyA.filter((n) => n.endsWith('_add'))).toHaveLength(model === 'ResNet18' ? 8 : 16)
    expect(onlyA.filter((n) => n.endsWith('_proj_conv'))).toHaveLength(on.projections)
    const projParams = onlyA.reduce((sum, n) => sum + a.getLayer(n).countParams(), 0)
    expect(a.countParams() - b.countParams()).toBe(projParams)
    expect(projParams).toBe(on.params - off.params)
    const d = describeResNet({ model, shortcut: true, size, classes: 2, seed: 3 }).layers.filter((l) => l.kind === 'block')
    expect(d.every((l) => l.shortcut)).toBe(true)
    expect(d.filter((l) => l.projection).map((l) => l.name)).toEqual(model === 'ResNet18' ? ['g2b1', 'g3b1', 'g4b1'] : ['g1b1', 'g2b1', 'g3b1', 'g4b1'])
    const plain = describeResNet({ model, shortcut: false, size, classes: 2, seed: 3 }).layers.filter((l) => l.kind === 'block')
    expect(plain.some((l) => l.shortcut || l.projection)).toBe(false)
    a.dispose()
    b.dispose()
  })

  it.each(['ResNet18', 'ResNet50'] as const)('%s: the same seed gives identical initial weights in every shared layer', (model) => {
    const size = minimumSize(model)
    const a = buildResNet({ model, shortcut: true, size, classes: 4, seed: 11 })
    const b = buildResNet({ model, shortcut: false, size, classes: 4, seed: 11 })
    const c = buildResNet({ model, shortcut: false, size, classes: 4, seed: 12 })
    let compared = 0
    for (const layer of b.layers) {
      const wa = a.getLayer(layer.name).getWeights()
      const wb = layer.getWeights()
      const wc = c.getLayer(layer.name).getWeights()
      expect(wa.length).toBe(wb.length)
      wa.forEach((w, i) => {
        expect(w.shape).toEqual(wb[i].shape)
        expect(sameValues(w.dataSync(), wb[i].dataSync())).toBe(true)
      })
      if (/_conv\d?$|head_dense/.test(layer.name)) {
        compared++
        // The kernels are seeded: another run seed gives other weights.
        expect(sameValues(wb[0].dataSync(), wc[0].dataSync())).toBe(false)
      }
    }
    expect(compared).toBe(model === 'ResNet18' ? 1 + 16 + 1 : 1 + 48 + 1)
    // Different layers of the same shape get different kernels (each layer's own seed).
    const k1 = a.getLayer('g1b2_conv2').getWeights()[0].dataSync()
    const k2 = a.getLayer('g1b1_conv2').getWeights()[0].dataSync()
    expect(sameValues(k1, k2)).toBe(false)
    for (const m of [a, b, c]) m.dispose()
  }, 180_000)
})

describe('minimum input sizes', () => {
  it('the final feature map is at least 2x2 exactly from the minimum on', () => {
    // Independent: the smallest size whose last feature map side is >= 2.
    const smallest = (model: ResNetName) => {
      for (let s = 1; ; s++) {
        const e = expected(model, s, true, 2)
        if (e.sides[e.sides.length - 1] >= 2) return s
      }
    }
    expect(minimumSize('ResNet18')).toBe(smallest('ResNet18'))
    expect(minimumSize('ResNet50')).toBe(smallest('ResNet50'))
    expect(minimumSize('ResNet18')).toBe(37)
    expect(minimumSize('ResNet50')).toBe(69)
  })
  it.each([
    ['ResNet18', 36, 37],
    ['ResNet50', 68, 69],
  ] as const)('%s refuses %i px, naming the minimum %i', (model, size, min) => {
    for (const shortcut of [true, false]) {
      expect(() => buildResNet({ model, shortcut, size, classes: 2, seed: 1 })).toThrow(new RegExp(`${model} needs an input of at least ${min} px`))
      expect(() => describeResNet({ model, shortcut, size, classes: 2, seed: 1 })).toThrow(`at least ${min} px`)
    }
    const m = buildResNet({ model, shortcut: true, size: min, classes: 2, seed: 1 })
    expect(m.getLayer('head_pool').outputShape.slice(1, 3)).toEqual([1, 1])
    m.dispose()
  })
})
