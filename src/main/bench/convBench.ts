/**
 * conv2d speed on the active backend: forward (Conv2D) and backward (Conv2DBackpropInput +
 * Conv2DBackpropFilter) as GFLOP/s, counted as conv_torch.py counts them, so the numbers sit
 * beside PyTorch's: 2*N*OH*OW*Cout*Cin*KH*KW flops per pass, backward as two passes.
 */
import * as tf from '@tensorflow/tfjs-core'
import { median, round } from './stats'

export interface ConvShape {
  /** Where ResNet-18 has this convolution. */
  name: string
  batch: number
  /** Input side (square). */
  size: number
  cin: number
  cout: number
  k: number
  stride: number
}

/** Three convolutions of ResNet-18 at 64 px, batch 16 (sides from its block plan: 64 -> 32 -> 15 -> 8 -> 4 -> 2). */
export const RESNET18_CONV_SHAPES: readonly ConvShape[] = [
  { name: 'stem 7x7/2 3->64 at 64 px', batch: 16, size: 64, cin: 3, cout: 64, k: 7, stride: 2 },
  { name: 'g1 3x3 64->64 at 15 px', batch: 16, size: 15, cin: 64, cout: 64, k: 3, stride: 1 },
  { name: 'g3 3x3 256->256 at 4 px', batch: 16, size: 4, cin: 256, cout: 256, k: 3, stride: 1 },
]

/**
 * The one shape the plain-JS cpu backend runs: ResNet-18's g1 convolution at batch 2. Its filter
 * gradient runs at a few MFLOP/s (about 10 s here even at batch 2; 30-90 s at batch 16).
 */
export const CPU_CONV_SHAPE: ConvShape = { name: 'g1 3x3 64->64 at 15 px, batch 2', batch: 2, size: 15, cin: 64, cout: 64, k: 3, stride: 1 }

/** Output side of a 'same' convolution: ceil(size / stride), as TF.js and conv_torch.py (pad k/2) give it. */
export function outputSide(s: ConvShape): number {
  return Math.ceil(s.size / s.stride)
}

export function convFlops(s: ConvShape): number {
  const o = outputSide(s)
  return 2 * s.batch * o * o * s.cout * s.cin * s.k * s.k
}

/** conv_torch.py's arguments for the same shape. */
export function convPeerArgs(s: ConvShape): string[] {
  return ['--batch', s.batch, '--size', s.size, '--cin', s.cin, '--cout', s.cout, '--k', s.k, '--stride', s.stride].map(String)
}

export interface ConvTiming {
  fwdMs: number
  fwdGflops: number
  /** Null when the backward was not asked for. */
  inputGradMs: number | null
  filterGradMs: number | null
  bwdGflops: number | null
}

/** Median milliseconds of `reps` runs of fn (its result read back), after `warmup` untimed ones. */
function timeKernel(fn: () => tf.Tensor, reps: number, warmup: number): number {
  const once = () => tf.tidy(() => void fn().dataSync())
  for (let i = 0; i < warmup; i++) once()
  const times: number[] = []
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    once()
    times.push(performance.now() - t0)
  }
  return median(times)
}

/** Times the shape on the active backend; `backward` adds both gradient kernels. */
export function timeConv(s: ConvShape, options: { backward: boolean; reps: number; warmup?: number }): ConvTiming {
  const warmup = options.warmup ?? 1
  const o = outputSide(s)
  const x = tf.randomUniform([s.batch, s.size, s.size, s.cin], -1, 1, 'float32', 1) as tf.Tensor4D
  const w = tf.randomUniform([s.k, s.k, s.cin, s.cout], -1, 1, 'float32', 2) as tf.Tensor4D
  const dy = tf.randomUniform([s.batch, o, o, s.cout], -1, 1, 'float32', 3) as tf.Tensor4D
  const attrs = { strides: s.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 }
  try {
    const flops = convFlops(s)
    const fwdMs = timeKernel(() => tf.conv2d(x, w, s.stride, 'same'), options.reps, warmup)
    let inputGradMs: number | null = null
    let filterGradMs: number | null = null
    if (options.backward) {
      const run = (kernel: string, inputs: tf.NamedTensorMap, extra: Record<string, unknown>) => () =>
        tf.engine().runKernel(kernel, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor
      inputGradMs = timeKernel(run('Conv2DBackpropInput', { dy, filter: w }, { inputShape: x.shape }), options.reps, warmup)
      filterGradMs = timeKernel(run('Conv2DBackpropFilter', { x, dy }, { filterShape: w.shape }), options.reps, warmup)
    }
    // Four significant digits: the cpu backward is a few MFLOP/s, native tens of GFLOP/s.
    const gflops = (count: number, ms: number) => Number((count / (ms / 1000) / 1e9).toPrecision(4))
    return {
      fwdMs: round(fwdMs),
      fwdGflops: gflops(flops, fwdMs),
      inputGradMs: inputGradMs === null ? null : round(inputGradMs),
      filterGradMs: filterGradMs === null ? null : round(filterGradMs),
      bwdGflops: inputGradMs === null || filterGradMs === null ? null : gflops(2 * flops, inputGradMs + filterGradMs),
    }
  } finally {
    tf.dispose([x, w, dy])
  }
}
