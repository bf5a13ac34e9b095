/**
 * MobileNetV3's hard swish as one native kernel (BenchtopHardSwish) and the graph rewrite that
 * uses it (engine/graphFusion.ts): the kernel against the four composed ops on the cpu backend, bit
 * for bit (specials included); the rewrite on small graphs (what it fuses and what it must leave);
 * and CenterNet loaded with and without the rewrite on native, giving identical outputs.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { loadGraphModel } from '@tensorflow/tfjs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { CENTERNET, centernetFiles, fileHandler } from '../../src/main/detection/centernet'
import { fuseHardSwish, registerFusedOps, withFusedOps, type GraphNode } from '../../src/main/engine/graphFusion'
import { HARD_SWISH } from '../../src/main/engine/native/kernels/HardSwish'
import { describeNative, randomArray, scoped, use } from './helpers'

/** Values across hard swish's pieces: below -3, in [-3, 3], above 3, and the specials. */
function inputs(n: number, seed: number): Float32Array {
  const x = randomArray(n, seed).map((v) => v * 8)
  x.set([NaN, Infinity, -Infinity, -3, 3, 0, -0, 1e-40, -1e-40, 3e38, -3e38, 2.9999998, -2.9999998], 0)
  return x
}

function expectBitEqual(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`)
  }
}

describeNative('BenchtopHardSwish', () => {
  it('equals (x * 1/6) * relu6(x + 3) on cpu bit for bit, specials included, in one kernel', async () => {
    const x = inputs(70_000, 11) // above one thread's grain: two ranges
    const c3 = new Float32Array([3])
    const c6 = new Float32Array([1 / 6])
    await use('cpu')
    const expected = scoped(() => [tf.mul(tf.mul(tf.tensor(x), tf.scalar(c6[0])), tf.relu6(tf.add(tf.tensor(x), tf.scalar(c3[0]))))].map((t) => t.dataSync() as Float32Array))[0]
    await use('native')
    const actual = scoped(() => [tf.engine().runKernel(HARD_SWISH, { x: tf.tensor(x) }, { addend: c3[0], scale: c6[0] }) as tf.Tensor].map((t) => t.dataSync() as Float32Array))[0]
    expectBitEqual(actual, expected, 'hard swish')
  })

  it("the graph op uses the graph's constants, and composes the ops where one is not a scalar", async () => {
    await use('native')
    registerFusedOps()
    const x = inputs(4096, 12)
    // Through the converter's executor: a two-node graph, x -> BenchtopHardSwish(x, c3, c6).
    const graph = (c3: number[], c6: number[]) => ({
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '4096' }] } } } },
        { name: 'c3', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: c3.length > 1 ? { dim: [{ size: String(c3.length) }] } : {} } } } },
        { name: 'c6', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: c6.length > 1 ? { dim: [{ size: String(c6.length) }] } : {} } } } },
        { name: 'y', op: HARD_SWISH, input: ['x', 'c3', 'c6'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    })
    const run = async (c3: number[], c6: number[]) => {
      const weightData = new Float32Array([...c3, ...c6]).buffer
      const model = await loadGraphModel({
        load: async () => ({
          modelTopology: graph(c3, c6),
          weightSpecs: [
            { name: 'c3', shape: c3.length > 1 ? [c3.length] : [], dtype: 'float32' },
            { name: 'c6', shape: c6.length > 1 ? [c6.length] : [], dtype: 'float32' },
          ],
          weightData,
          format: 'graph-model',
        }),
      })
      const y = model.execute(tf.tensor1d(x)) as tf.Tensor
      const values = y.dataSync() as Float32Array
      tf.dispose(y)
      model.dispose()
      return values
    }
    const composed = (c3: Float32Array, c6: Float32Array) =>
      scoped(() => [tf.mul(tf.mul(tf.tensor1d(x), tf.tensor(c6, c6.length > 1 ? [c6.length] : [])), tf.relu6(tf.add(tf.tensor1d(x), tf.tensor(c3, c3.length > 1 ? [c3.length] : []))))].map((t) => t.dataSync() as Float32Array))[0]
    // Other constants than 3 and 1/6 are read from the graph, not assumed.
    expectBitEqual(await run([2.5], [0.25]), composed(new Float32Array([2.5]), new Float32Array([0.25])), 'scalar constants')
    // A per-element addend: the op falls back to the four ops, with broadcasting.
    const c3 = Array.from(randomArray(4096, 13), (v) => v * 4)
    expectBitEqual(await run(c3, [1 / 6]), composed(new Float32Array(c3), new Float32Array([1 / 6])), 'vector addend')
  })

  it('CenterNet gives the same outputs with its hard-swish groups fused, bit for bit', async () => {
    await use('native')
    const files = centernetFiles()
    const plain = await loadGraphModel(fileHandler(files.json))
    const fused = await loadGraphModel(withFusedOps(fileHandler(files.json)))
    try {
      const image = path.join(path.dirname(path.dirname(files.json)), 'assets', 'samples.jpg')
      const { data } = await sharp(image).resize(512, 512, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      const run = (model: typeof plain) =>
        scoped(() => (model.execute(tf.tensor4d(Float32Array.from(data), [1, 512, 512, 3]), [CENTERNET.heatmap, CENTERNET.ltrb]) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array))
      const [a, b] = [run(plain), run(fused)]
      expectBitEqual(b[0], a[0], 'heat map')
      expectBitEqual(b[1], a[1], 'box map')
      const profile = await tf.profile(async () => {
        run(fused)
        return []
      })
      expect(profile.kernels.filter((k) => k.name === HARD_SWISH)).toHaveLength(20)
    } finally {
      plain.dispose()
      fused.dispose()
    }
  }, 60_000)
})

describe('fuseHardSwish', () => {
  const constant = (name: string): GraphNode => ({ name, op: 'Const' })
  /** x -> hard swish -> out, as MobileNetV3's converted graphs spell it (operand orders as given). */
  function group(opts: { addOp?: string; constFirst?: boolean; extraUse?: string } = {}): GraphNode[] {
    const nodes: GraphNode[] = [
      { name: 'x', op: 'Placeholder' },
      constant('hs/add/y'),
      constant('hs/mul/y'),
      { name: 'hs/add', op: opts.addOp ?? 'AddV2', input: opts.constFirst ? ['hs/add/y', 'x'] : ['x', 'hs/add/y'] },
      { name: 'hs/Relu6', op: 'Relu6', input: ['hs/add'] },
      { name: 'hs/mul', op: 'Mul', input: opts.constFirst ? ['hs/mul/y', 'x'] : ['x', 'hs/mul/y'] },
      { name: 'hs/mul_1', op: 'Mul', input: opts.constFirst ? ['hs/Relu6', 'hs/mul'] : ['hs/mul', 'hs/Relu6'] },
      { name: 'out', op: 'Identity', input: ['hs/mul_1'] },
    ]
    if (opts.extraUse) nodes.push({ name: 'other', op: 'Identity', input: [opts.extraUse] })
    return nodes
  }

  it('turns the four ops into one node that keeps the output name, in either operand order', () => {
    for (const opts of [{}, { constFirst: true }, { addOp: 'Add' }]) {
      const topology = { node: group(opts) }
      expect(fuseHardSwish(topology), JSON.stringify(opts)).toBe(1)
      expect(topology.node.map((n) => n.name)).toEqual(['x', 'hs/add/y', 'hs/mul/y', 'hs/mul_1', 'out'])
      expect(topology.node.find((n) => n.name === 'hs/mul_1')).toMatchObject({ op: HARD_SWISH, input: ['x', 'hs/add/y', 'hs/mul/y'] })
    }
  })

  it('leaves a group whose intermediate is used elsewhere or is an output, or whose constants are not Const', () => {
    for (const used of ['hs/add', 'hs/Relu6', 'hs/mul']) {
      const topology = { node: group({ extraUse: used }) }
      expect(fuseHardSwish(topology), used).toBe(0)
      expect(topology.node).toHaveLength(9)
    }
    expect(fuseHardSwish({ node: group() }, ['hs/Relu6:0'])).toBe(0)
    const notConst = group().map((n) => (n.name === 'hs/add/y' ? { ...n, op: 'Placeholder' } : n))
    expect(fuseHardSwish({ node: notConst })).toBe(0)
    // x * c6 and (y + c3) with two different inputs is not hard swish.
    const twoInputs = group().map((n) => (n.name === 'hs/add' ? { ...n, input: ['hs/mul/y', 'hs/add/y'] } : n))
    twoInputs.find((n) => n.name === 'hs/mul/y')!.op = 'Placeholder'
    expect(fuseHardSwish({ node: twoInputs })).toBe(0)
  })

  it("finds CenterNet's 20 hard-swish groups and nothing else", () => {
    const model = JSON.parse(readFileSync(centernetFiles().json, 'utf8')) as { modelTopology: { node: GraphNode[] } }
    const before = model.modelTopology.node.length
    expect(fuseHardSwish(model.modelTopology)).toBe(20)
    expect(model.modelTopology.node).toHaveLength(before - 60)
    const fused = model.modelTopology.node.filter((n) => n.op === HARD_SWISH)
    expect(fused.every((n) => n.name.endsWith('hard_swish/mul_1'))).toBe(true)
    // The squeeze-excite blocks' hard sigmoids (Relu6(x + 3) * 1/6) have no x * ... factor: left.
    expect(model.modelTopology.node.filter((n) => n.op === 'Relu6')).toHaveLength(8)
  })
})
