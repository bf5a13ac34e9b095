/**
 * The seed's letter models re-implemented from their equations in plain float64 JavaScript
 * (loops, no TensorFlow.js), to check the tf versions' forward passes and gradients against.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { CharModel } from '../../src/main/experiments/char-rnn/model'

const L = 27
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v))

/** x [in] times w [in][out] plus b [out]. */
function affine(x: number[], w: number[][], b: number[]): number[] {
  return b.map((bias, j) => x.reduce((sum, xi, i) => sum + xi * w[i][j], bias))
}

const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i])
const onehot = (k: number) => Array.from({ length: L }, (_, i) => (i === k ? 1 : 0))

/** The variables of `model` as nested arrays, in its order. */
export function weightsOf(model: CharModel): unknown[] {
  return model.variables.map((v) => v.arraySync())
}

/** Hidden states of one recurrent layer over `inputs` [T][in]. */
function layer(kind: string, inputs: number[][], w: unknown[], hidden: number): number[][] {
  const out: number[][] = []
  let h = new Array<number>(hidden).fill(0)
  let c = new Array<number>(hidden).fill(0)
  if (kind === 'rnn1') {
    const [wa, ba] = w as [number[][], number[]]
    for (const x of inputs) out.push((h = affine([...h, ...x], wa, ba).map(Math.tanh)))
    return out
  }
  const [wi, wh, bi, bh] = w as [number[][][], number[][][], number[][], number[][]]
  const gx = (x: number[], g: number) => affine(x, wi[g], bi[g])
  const gh = (g: number) => affine(h, wh[g], bh[g])
  for (const x of inputs) {
    if (kind === 'gru') {
      const r = add(gx(x, 0), gh(0)).map(sigmoid)
      const z = add(gx(x, 1), gh(1)).map(sigmoid)
      const hn = gh(2)
      const n = gx(x, 2).map((v, j) => Math.tanh(v + r[j] * hn[j]))
      h = n.map((nj, j) => (1 - z[j]) * nj + z[j] * h[j])
    } else {
      const [i, f, g, o] = [0, 1, 2, 3].map((k) => add(gx(x, k), gh(k)))
      c = c.map((cj, j) => sigmoid(f[j]) * cj + sigmoid(i[j]) * Math.tanh(g[j]))
      h = c.map((cj, j) => sigmoid(o[j]) * Math.tanh(cj))
    }
    out.push(h)
  }
  return out
}

/** Logits [B][T][27] of words given as letter indices [B][T]. */
export function referenceLogits(kind: string, w: unknown[], hidden: number, layers: number, codes: number[][]): number[][][] {
  return codes.map((word) => {
    let inputs: number[][]
    let rest = w
    if (kind === 'rnn1') {
      // zero vector first, then the one-hot of the previous letter
      inputs = word.map((_, t) => (t === 0 ? new Array<number>(L).fill(0) : onehot(word[t - 1])))
    } else {
      const embedding = w[0] as number[][]
      inputs = word.map((_, t) => embedding[t === 0 ? 0 : word[t - 1]])
      rest = w.slice(1)
    }
    const per = kind === 'rnn1' ? 2 : 4
    for (let l = 0; l < layers; l++) inputs = layer(kind, inputs, rest.slice(l * per, (l + 1) * per), hidden)
    const [wy, by] = rest.slice(layers * per) as [number[][], number[]]
    return inputs.map((h) => affine(h, wy, by))
  })
}

/** The spec's loss on reference logits: -sum over positions of log softmax at the target, / batch. */
export function referenceLoss(logits: number[][][], codes: number[][]): number {
  let sum = 0
  logits.forEach((word, b) =>
    word.forEach((row, t) => {
      const max = Math.max(...row)
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0))
      sum -= row[codes[b][t]] - lse
    }),
  )
  return sum / codes.length
}

export function toTargets(codes: number[][]): tf.Tensor2D {
  return tf.tensor2d(codes, [codes.length, codes[0].length], 'int32')
}
