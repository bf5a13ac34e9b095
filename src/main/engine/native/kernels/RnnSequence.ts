/**
 * Recurrent layers over a whole sequence as single native kernels, with their backward pass
 * through time as one kernel too (native/rnn.cc). Composed from tf ops, one char-rnn step runs
 * some 400 (RNN1) to 1,900 (GRU) kernels, most of them tiny; here a layer is one kernel forward and
 * one backward.
 *
 *   BenchtopTanhSequence: x [T, B, I], w [H + I, H] (state rows first), b [H] -> h [T, B, H],
 *     h_t = tanh([h_{t-1}; x_t] w + b), h_{-1} = 0 (char-rnn's RNN1 cell).
 *   BenchtopGruSequence: x [T, B, I], wi [3, I, H], wh [3, H, H], bi [3, H], bh [3, H]
 *     -> h [T, B, H] and a cache [T, B, 4H] (r, z, n, h W_hn + b_hn) for the backward pass;
 *     torch.nn.GRU's cell, gates r, z, n.
 *
 * Registered on the native backend only; the gradients are registered by kernel name (for every
 * backend, but only native has the kernels). Callers check nativeSequenceKernels() and keep their
 * composed ops elsewhere.
 */
import { engine, getBackend, registerGradient, type KernelConfig, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon, NATIVE_RNN_CELLS, type RnnDims } from '../addon'
import { nativeKernelConfig as config, assertRank, float32Values, NATIVE_BACKEND } from './util'

export const TANH_SEQUENCE = 'BenchtopTanhSequence'
export const TANH_SEQUENCE_GRAD = 'BenchtopTanhSequenceGrad'
export const GRU_SEQUENCE = 'BenchtopGruSequence'
export const GRU_SEQUENCE_GRAD = 'BenchtopGruSequenceGrad'

interface Args {
  inputs: Record<string, TensorInfo | undefined>
  backend: MathBackendCPU
}

/** The float32 values of each named input, or a clear error naming the kernel and input. */
function values(args: Args, names: readonly string[], op: string): Float32Array[] {
  return names.map((name) => {
    const t = args.inputs[name]
    const v = t ? float32Values(args.backend, t, name, op) : null
    if (!v) throw new Error(`Error in ${op}: ${name} must be a float32 tensor`)
    return v
  })
}

/** [T, B, I, H] from x [T, B, I] and hidden; checks the weights' shapes against them. */
function sequenceDims(args: Args, op: string, gates: number, hidden: number): RnnDims {
  const x = args.inputs.x!
  assertRank(x, 3, 'x', op)
  const [steps, batch, input] = x.shape
  if (steps < 1 || batch < 1 || input < 1 || hidden < 1) throw new Error(`Error in ${op}: empty sequence, batch, input or hidden size (x [${x.shape}], hidden ${hidden})`)
  const expected: Record<string, number[]> =
    gates === 1
      ? { w: [hidden + input, hidden], b: [hidden] }
      : { wi: [gates, input, hidden], wh: [gates, hidden, hidden], bi: [gates, hidden], bh: [gates, hidden] }
  for (const [name, shape] of Object.entries(expected)) {
    const t = args.inputs[name]
    if (t && t.shape.join() !== shape.join()) throw new Error(`Error in ${op}: ${name} has shape [${t.shape}], expected [${shape}] for x [${x.shape}] and ${hidden} units`)
  }
  return [steps, batch, input, hidden]
}

function tanhSequenceKernel(args: Args): TensorInfo {
  const hidden = args.inputs.w!.shape[1]
  const dims = sequenceDims(args, TANH_SEQUENCE, 1, hidden)
  const [x, w, b] = values(args, ['x', 'w', 'b'], TANH_SEQUENCE)
  const [T, B, , H] = dims
  const h = new Float32Array(T * B * H)
  // w's first H rows multiply the state, the rest the input.
  loadNativeAddon().rnnForward(NATIVE_RNN_CELLS.tanh, dims, x, w.subarray(H * H), w.subarray(0, H * H), b, null, h, new Float32Array(0))
  return args.backend.makeTensorInfo([T, B, H], 'float32', h)
}

function tanhSequenceGradKernel(args: Args): TensorInfo[] {
  const hidden = args.inputs.w!.shape[1]
  const dims = sequenceDims(args, TANH_SEQUENCE_GRAD, 1, hidden)
  const [dh, x, w, h] = values(args, ['dh', 'x', 'w', 'h'], TANH_SEQUENCE_GRAD)
  const [T, B, I, H] = dims
  const dx = new Float32Array(T * B * I)
  const dw = new Float32Array((H + I) * H)
  const db = new Float32Array(H)
  loadNativeAddon().rnnBackward(NATIVE_RNN_CELLS.tanh, dims, x, w.subarray(H * H), w.subarray(0, H * H), null, h, new Float32Array(0), dh, dx, dw.subarray(H * H), dw.subarray(0, H * H), db, null)
  return [args.backend.makeTensorInfo([T, B, I], 'float32', dx), args.backend.makeTensorInfo([H + I, H], 'float32', dw), args.backend.makeTensorInfo([H], 'float32', db)]
}

function gruSequenceKernel(args: Args): TensorInfo[] {
  const hidden = args.inputs.wh!.shape[2]
  const dims = sequenceDims(args, GRU_SEQUENCE, 3, hidden)
  const [x, wi, wh, bi, bh] = values(args, ['x', 'wi', 'wh', 'bi', 'bh'], GRU_SEQUENCE)
  const [T, B, , H] = dims
  const h = new Float32Array(T * B * H)
  const cache = new Float32Array(T * B * 4 * H)
  loadNativeAddon().rnnForward(NATIVE_RNN_CELLS.gru, dims, x, wi, wh, bi, bh, h, cache)
  return [args.backend.makeTensorInfo([T, B, H], 'float32', h), args.backend.makeTensorInfo([T, B, 4 * H], 'float32', cache)]
}

function gruSequenceGradKernel(args: Args): TensorInfo[] {
  const hidden = args.inputs.wh!.shape[2]
  const dims = sequenceDims(args, GRU_SEQUENCE_GRAD, 3, hidden)
  const [dh, x, wi, wh, bh, h, cache] = values(args, ['dh', 'x', 'wi', 'wh', 'bh', 'h', 'cache'], GRU_SEQUENCE_GRAD)
  const [T, B, I, H] = dims
  const out = [T * B * I, 3 * I * H, 3 * H * H, 3 * H, 3 * H].map((n) => new Float32Array(n))
  loadNativeAddon().rnnBackward(NATIVE_RNN_CELLS.gru, dims, x, wi, wh, bh, h, cache, dh, out[0], out[1], out[2], out[3], out[4])
  const shapes = [args.inputs.x!.shape, args.inputs.wi!.shape, args.inputs.wh!.shape, args.inputs.bi?.shape ?? [3, H], args.inputs.bh!.shape]
  return out.map((v, i) => args.backend.makeTensorInfo(shapes[i], 'float32', v))
}

export const RNN_SEQUENCE_KERNELS: readonly KernelConfig[] = [
  config(TANH_SEQUENCE, tanhSequenceKernel),
  config(TANH_SEQUENCE_GRAD, tanhSequenceGradKernel),
  config(GRU_SEQUENCE, gruSequenceKernel),
  config(GRU_SEQUENCE_GRAD, gruSequenceGradKernel),
]

/**
 * Registers the two kernels' gradients (idempotent). Each runs the backward kernel once, outside
 * the per-input closures: the tape calls each closure in its own tidy, which would dispose the
 * kernel's other outputs.
 */
export function registerRnnSequenceGradients(): void {
  registerGradient({
    kernelName: TANH_SEQUENCE,
    inputsToSave: ['x', 'w', 'b'],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [x, w, b, h] = saved
      const [dx, dw, db] = engine().runKernel(TANH_SEQUENCE_GRAD, { dh: dy as Tensor, x, w, b, h } as NamedTensorMap) as Tensor[]
      return { x: () => dx, w: () => dw, b: () => db }
    },
  })
  registerGradient({
    kernelName: GRU_SEQUENCE,
    inputsToSave: ['x', 'wi', 'wh', 'bi', 'bh'],
    outputsToSave: [true, true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      // dy[1], the cache's gradient, is zero: the cache is read by the backward pass only.
      const dh = Array.isArray(dy) ? dy[0] : dy
      const [x, wi, wh, bi, bh, h, cache] = saved
      const [dx, dwi, dwh, dbi, dbh] = engine().runKernel(GRU_SEQUENCE_GRAD, { dh, x, wi, wh, bi, bh, h, cache } as NamedTensorMap) as Tensor[]
      return { x: () => dx, wi: () => dwi, wh: () => dwh, bi: () => dbi, bh: () => dbh }
    },
  })
}

/** Whether the current backend runs these kernels (the native backend). */
export function nativeSequenceKernels(): boolean {
  return getBackend() === NATIVE_BACKEND
}

/** x [T, B, I], w [H + I, H], b [H] -> h [T, B, H]: char-rnn's RNN1 cell over the sequence. Native only. */
export function tanhSequence(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return engine().runKernel(TANH_SEQUENCE, { x, w, b }) as Tensor
}

/** x [T, B, I], wi [3, I, H], wh [3, H, H], bi, bh [3, H] -> h [T, B, H]: a torch.nn.GRU layer. Native only. */
export function gruSequence(x: Tensor, wi: Tensor, wh: Tensor, bi: Tensor, bh: Tensor): Tensor {
  const [h, cache] = engine().runKernel(GRU_SEQUENCE, { x, wi, wh, bi, bh }) as Tensor[]
  // The tape keeps its own reference for the backward pass; the caller sees h only.
  cache.dispose()
  return h
}
