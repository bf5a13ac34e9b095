/**
 * The fused-convolution comparison conv.test.ts and depthwise.test.ts share: one fused op (dense or
 * depthwise) on fixed random inputs, with a chosen activation and bias shape, on cpu and on native.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expectClose, randomArray, scoped, size, use } from './helpers'

type Shape4 = [number, number, number, number]
export type BiasShape = 'channel' | 'scalar' | 'full' | 'none'
export interface FusedConfig {
  activation?: tf.fused.Activation
  bias?: BiasShape
  alpha?: number
  grads?: boolean
}

type FusedOp = (args: {
  x: tf.Tensor4D
  filter: tf.Tensor4D
  strides: number
  pad: 'same'
  bias?: tf.Tensor
  activation?: tf.fused.Activation
  preluActivationWeights?: tf.Tensor
  leakyreluAlpha?: number
}) => tf.Tensor4D

/**
 * Runs `op` ('same' padding, stride 1) on x [b, h, w, c] and the filter; outChannels is the
 * output's channel count. Returns [y] or, with grads, [y, dx, dw] of sum(y * r) for a fixed r.
 */
export function fusedRunner(op: FusedOp, xShape: Shape4, wShape: Shape4, outChannels: number, seed: number) {
  return async (backend: 'cpu' | 'native', config: FusedConfig): Promise<Float32Array[]> => {
    await use(backend)
    return scoped(() => {
      const x = tf.tensor4d(randomArray(size(xShape), seed), xShape)
      const w = tf.tensor4d(randomArray(size(wShape), seed + 1), wShape)
      const [, h, wd] = xShape
      const bias =
        config.bias === 'scalar'
          ? tf.scalar(0.25)
          : config.bias === 'full'
            ? tf.tensor3d(randomArray(h * wd * outChannels, seed + 2), [h, wd, outChannels])
            : config.bias === 'none'
              ? undefined
              : tf.tensor1d(randomArray(outChannels, seed + 3))
      const preluActivationWeights = config.activation === 'prelu' ? tf.tensor1d(randomArray(outChannels, seed + 4)) : undefined
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        op({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 1, pad: 'same', bias, activation: config.activation, preluActivationWeights, leakyreluAlpha: config.alpha })
      const out = [f(x, w).dataSync() as Float32Array]
      if (config.grads) {
        const y = f(x, w)
        const r = tf.tensor(randomArray(size(y.shape), seed + 5), y.shape)
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w])
        out.push(dx.dataSync() as Float32Array, dw.dataSync() as Float32Array)
      }
      return out
    })
  }
}

/** Every activation and bias shape besides the main case (`main`, tested with gradients). */
export function epilogueConfigs(main: tf.fused.Activation): FusedConfig[] {
  const activations: tf.fused.Activation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'prelu']
  return [
    ...activations.filter((a) => a !== main).map((activation) => ({ activation })),
    { activation: 'leakyrelu', alpha: 0.1 },
    { activation: 'relu', bias: 'scalar' },
    { activation: 'relu', bias: 'full' },
    { activation: 'relu', bias: 'none' },
    { bias: 'none' },
  ]
}

/** Native equals cpu for the main case (forward and both gradients) and every other epilogue. */
export async function expectFusedMatchesCpu(run: ReturnType<typeof fusedRunner>, main: tf.fused.Activation, which: 'main' | 'epilogues'): Promise<void> {
  if (which === 'main') {
    const cpu = await run('cpu', { activation: main, grads: true })
    const native = await run('native', { activation: main, grads: true })
    ;['y', 'dx', 'dw'].forEach((name, i) => expectClose(native[i], cpu[i], `${main} ${name}`))
    return
  }
  for (const config of epilogueConfigs(main)) {
    const cpu = await run('cpu', config)
    const native = await run('native', config)
    expectClose(native[0], cpu[0], JSON.stringify(config))
  }
}
