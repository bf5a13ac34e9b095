import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKBONE_LAYERS } from '../../src/main/experiments/style-transfer/backbone'
import { loadFeatureModel, type LoadedFeatureModel } from '../../src/main/experiments/style-transfer/modelFolder'
import { unfuseConvolutions } from '../../src/main/experiments/style-transfer/unfuse'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('unfusing graph convolutions', () => {
  it('splits a fused conv into conv, bias and activation under the same final name', () => {
    const topology = {
      node: [
        { name: 'x', op: 'Placeholder' },
        { name: 'c', op: '_FusedConv2D', input: ['x', 'w', 'b'], attr: { fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } }, strides: { list: { i: ['1', '2', '2', '1'] } }, padding: { s: b64('SAME') }, T: { type: 'DT_FLOAT' } } },
        { name: 'd', op: 'FusedDepthwiseConv2dNative', input: ['c', 'dw', 'db'], attr: { fused_ops: { list: { s: [b64('BiasAdd')] } } } },
        { name: 'p', op: '_FusedConv2D', input: ['d', 'w', 'b', 'alpha'], attr: { fused_ops: { list: { s: [b64('BiasAdd'), b64('Prelu')] } } } },
      ],
    }
    expect(unfuseConvolutions(topology)).toBe(2)
    expect(topology.node.map((n) => `${n.name}:${n.op}<${(n as { input?: string[] }).input ?? ''}>`)).toEqual([
      'x:Placeholder<>',
      'c/unfused_conv:Conv2D<x,w>',
      'c/unfused_bias:BiasAdd<c/unfused_conv,b>',
      'c:Relu<c/unfused_bias>',
      'd/unfused_conv:DepthwiseConv2dNative<c,dw>',
      'd:BiasAdd<d/unfused_conv,db>',
      'p:_FusedConv2D<d,w,b,alpha>',
    ])
    expect((topology.node[1] as { attr: Record<string, unknown> }).attr.strides).toEqual({ list: { i: ['1', '2', '2', '1'] } })
  })

  describe('on the CenterNet backbone', () => {
    let fused: LoadedFeatureModel
    let plain: LoadedFeatureModel
    beforeAll(async () => {
      await tf.setBackend('cpu')
      fused = await loadFeatureModel('', 'auto', false)
      plain = await loadFeatureModel('', 'auto', true)
    }, 120_000)
    afterAll(() => {
      fused?.dispose()
      plain?.dispose()
    })

    it('gives the same activations as the fused graph', () => {
      const x = tf.randomUniform([1, 48, 64, 3], 0, 1, 'float32', 1) as tf.Tensor4D
      const names = Object.values(BACKBONE_LAYERS)
      const a = fused.net.activations(x, names)
      const b = plain.net.activations(x, names)
      a.forEach((t, i) => {
        const scale = tf.max(tf.abs(t)).dataSync()[0]
        expect(tf.max(tf.abs(tf.sub(t, b[i]))).dataSync()[0]).toBeLessThan(1e-4 * Math.max(1, scale))
      })
    })

    it('computes no filter gradient when differentiating with respect to the pixels', async () => {
      const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D
      const kernels = async (model: LoadedFeatureModel) => {
        const info = await tf.profile(() => tf.grad((inp: tf.Tensor) => tf.sum(model.net.activations(inp as tf.Tensor4D, [BACKBONE_LAYERS.conv_5])[0]) as tf.Scalar)(x))
        return info.kernelNames
      }
      expect((await kernels(fused)).filter((k) => k.includes('BackpropFilter')).length).toBeGreaterThan(0)
      expect((await kernels(plain)).filter((k) => k.includes('BackpropFilter'))).toEqual([])
    }, 300_000)
  })
})
