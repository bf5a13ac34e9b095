/**
 * The recurrent layers of the letter models, written with tf ops (no tfjs-layers): RNN1's tanh
 * cell as the seed writes it, and GRU/LSTM in PyTorch's formulation (the seed's RNN2 is a
 * torch.nn.GRU: the reset gate multiplies the recurrent product, gates ordered r,z,n / i,f,g,o).
 * Pure: no files, no clocks.
 *
 * Sequences are time-major here ([T, batch, features]): one step is then a contiguous slice.
 * Gate weights are stored gate-major ([gates, in, hidden]) for the same reason: on the cpu
 * backend, slicing columns out of a [in, 3*hidden] product copies element by element and
 * cost more than the products themselves.
 *
 * On the native backend RNN1 and GRU layers run as one kernel over the whole sequence (and one
 * for its backward pass through time, engine/native/kernels/RnnSequence.ts); every other backend,
 * and LSTM, runs the composed ops below, which compute the same values.
 */
import * as tf from '@tensorflow/tfjs-core'
import { gruSequence, nativeSequenceKernels, tanhSequence } from '../../engine/native/kernels/RnnSequence'

/** Creates one trainable variable: shape, a name for messages, uniform init in [-limit, limit] (0: zeros). */
export type MakeVariable = (shape: number[], name: string, limit: number) => tf.Variable

/** One recurrent layer over a whole sequence, starting from a zero state. */
export interface RecurrentLayer {
  readonly variables: tf.Variable[]
  /** inputs [T, batch, in] -> hidden states [T, batch, hidden]. */
  run(inputs: tf.Tensor3D): tf.Tensor3D
}

export type CellKind = 'rnn1' | 'gru' | 'lstm'

/** x W + b for every step at once: inputs [T, batch, in], w [in, k], b [k] -> T tensors [batch, k]. */
function projectSteps(inputs: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D[] {
  const [steps, batch, size] = inputs.shape
  const flat = tf.add(tf.matMul(tf.reshape(inputs, [steps * batch, size]), w), b)
  return tf.unstack(tf.reshape(flat, [steps, batch, w.shape[1]])) as tf.Tensor2D[]
}

/**
 * The seed's RNN1 cell: a_t = tanh(W_a [a_{t-1}; x_t] + b_a), a_0 = 0, with one W_a of
 * [hidden + in, hidden] (state rows first, as torch.cat((a, x), 1)) and PyTorch's nn.Linear
 * init U(+-1/sqrt(fan_in)). The product is computed as W_aa a + W_ax x over W_a's two row
 * blocks, the same sum without a concat per step; W_ax x is done for all steps in one product.
 */
export function rnn1Layer(input: number, hidden: number, make: MakeVariable, prefix: string): RecurrentLayer {
  const limit = 1 / Math.sqrt(hidden + input)
  const wa = make([hidden + input, hidden], `${prefix}/W_a`, limit) as tf.Variable<tf.Rank.R2>
  const ba = make([hidden], `${prefix}/b_a`, limit) as tf.Variable<tf.Rank.R1>
  return {
    variables: [wa, ba],
    run(inputs) {
      if (nativeSequenceKernels()) return tanhSequence(inputs, wa, ba) as tf.Tensor3D
      const waa = tf.slice(wa, [0, 0], [hidden, hidden])
      const wax = tf.slice(wa, [hidden, 0], [input, hidden])
      let a: tf.Tensor2D = tf.zeros([inputs.shape[1], hidden])
      const states: tf.Tensor2D[] = []
      for (const xw of projectSteps(inputs, wax, ba)) {
        a = tf.tanh(tf.add(tf.matMul(a, waa), xw)) as tf.Tensor2D
        states.push(a)
      }
      return tf.stack(states) as tf.Tensor3D
    },
  }
}

/** `count` gate weights [count, in, h] and biases [count, h] of one layer, PyTorch's U(+-1/sqrt(h)). */
function gateVariables(count: number, input: number, hidden: number, make: MakeVariable, prefix: string) {
  const limit = 1 / Math.sqrt(hidden)
  return {
    wi: make([count, input, hidden], `${prefix}/W_i`, limit) as tf.Variable<tf.Rank.R3>,
    wh: make([count, hidden, hidden], `${prefix}/W_h`, limit) as tf.Variable<tf.Rank.R3>,
    bi: make([count, hidden], `${prefix}/b_i`, limit) as tf.Variable<tf.Rank.R2>,
    bh: make([count, hidden], `${prefix}/b_h`, limit) as tf.Variable<tf.Rank.R2>,
  }
}

/**
 * Per gate: the input projections of all steps ([T] of [batch, h]), the recurrent weight [h, h]
 * and, for gates listed in `perStep`, the recurrent bias [h]. Every other gate's recurrent bias
 * is added once to its input projection: the same sum, without an add (and a gradient
 * reduction) per step.
 */
function unstackGates(v: ReturnType<typeof gateVariables>, inputs: tf.Tensor3D, perStep: number[] = []) {
  const wi = tf.unstack(v.wi) as tf.Tensor2D[]
  const bi = tf.unstack(v.bi) as tf.Tensor1D[]
  const bh = tf.unstack(v.bh) as tf.Tensor1D[]
  return {
    x: wi.map((w, g) => projectSteps(inputs, w, perStep.includes(g) ? bi[g] : tf.add(bi[g], bh[g]))),
    wh: tf.unstack(v.wh) as tf.Tensor2D[],
    bh,
  }
}

/**
 * torch.nn.GRU: r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(W_iz x + b_iz + W_hz h + b_hz),
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) n + z h; gates r, z, n.
 */
export function gruLayer(input: number, hidden: number, make: MakeVariable, prefix: string): RecurrentLayer {
  const v = gateVariables(3, input, hidden, make, prefix)
  return {
    variables: [v.wi, v.wh, v.bi, v.bh],
    run(inputs) {
      if (nativeSequenceKernels()) return gruSequence(inputs, v.wi, v.wh, v.bi, v.bh) as tf.Tensor3D
      const [steps, batch] = inputs.shape
      // b_hn sits inside r * (...), so only it is added per step.
      const { x, wh, bh } = unstackGates(v, inputs, [2])
      let h: tf.Tensor2D = tf.zeros([batch, hidden])
      const states: tf.Tensor2D[] = []
      for (let t = 0; t < steps; t++) {
        const r = tf.sigmoid(tf.add(x[0][t], tf.matMul(h, wh[0])))
        const z = tf.sigmoid(tf.add(x[1][t], tf.matMul(h, wh[1])))
        const n = tf.tanh(tf.add(x[2][t], tf.mul(r, tf.add(tf.matMul(h, wh[2]), bh[2]))))
        h = tf.add(n, tf.mul(z, tf.sub(h, n)))
        states.push(h)
      }
      return tf.stack(states) as tf.Tensor3D
    },
  }
}

/**
 * torch.nn.LSTM: i, f, g, o = W_i* x + b_i* + W_h* h + b_h*; c' = s(f) c + s(i) tanh(g);
 * h' = s(o) tanh(c'); PyTorch's init (no forget-gate bias of 1).
 */
export function lstmLayer(input: number, hidden: number, make: MakeVariable, prefix: string): RecurrentLayer {
  const v = gateVariables(4, input, hidden, make, prefix)
  return {
    variables: [v.wi, v.wh, v.bi, v.bh],
    run(inputs) {
      const [steps, batch] = inputs.shape
      const { x, wh } = unstackGates(v, inputs)
      const gate = (h: tf.Tensor2D, g: number, t: number) => tf.add(x[g][t], tf.matMul(h, wh[g]))
      let h: tf.Tensor2D = tf.zeros([batch, hidden])
      let c: tf.Tensor2D = tf.zeros([batch, hidden])
      const states: tf.Tensor2D[] = []
      for (let t = 0; t < steps; t++) {
        const i = tf.sigmoid(gate(h, 0, t))
        const f = tf.sigmoid(gate(h, 1, t))
        const g = tf.tanh(gate(h, 2, t))
        const o = tf.sigmoid(gate(h, 3, t))
        c = tf.add(tf.mul(f, c), tf.mul(i, g))
        h = tf.mul(o, tf.tanh(c))
        states.push(h)
      }
      return tf.stack(states) as tf.Tensor3D
    },
  }
}

export const LAYERS: Record<CellKind, typeof rnn1Layer> = { rnn1: rnn1Layer, gru: gruLayer, lstm: lstmLayer }
