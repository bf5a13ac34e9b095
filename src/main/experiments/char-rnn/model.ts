/**
 * The letter-level language models of the seed, as plain tf.Variables and ops (pure: no files,
 * no clocks). Both read a batch of words as letter indices and return, at every position, the
 * logits of the letter that comes next:
 *   rnn1: one-hot(previous letter, zero vector first) -> RNN1 cell(s) -> Linear(27)
 *   gru / lstm (the seed's RNN2): previous letter (space first) -> Embedding(27, 64)
 *         -> Dropout(0.2) -> GRU/LSTM cell(s) -> Linear(27), embedding and output U(+-0.1), bias 0
 */
import * as tf from '@tensorflow/tfjs-core'
import { deriveSeed } from '../../../shared/random'
import { ALPHABET_SIZE } from './alphabet'
import { LAYERS, type CellKind, type MakeVariable, type RecurrentLayer } from './cells'

export type CharModelKind = CellKind

export interface CharModelOptions {
  kind: CharModelKind
  /** Units per recurrent layer; 0 means the seed's size (32 for rnn1, 64 for gru and lstm). */
  hidden: number
  /** Stacked recurrent layers; each one above the first reads the hidden states below it. */
  layers: number
  /** Seeds every initialiser, so one seed gives one set of initial weights. */
  seed: number
}

/** The seed's embedding size and dropout rate for RNN2. */
export const EMBEDDING = 64
export const DROPOUT = 0.2

export function seedHidden(kind: CharModelKind): number {
  return kind === 'rnn1' ? 32 : 64
}

export interface CharModel {
  readonly kind: CharModelKind
  readonly hidden: number
  readonly layers: number
  /** Trainable variables in a fixed order: the order of checkpoints and of the optimiser's slots. */
  readonly variables: tf.Variable[]
  /** "gru/layer1/W_h", ... in the order of `variables`. */
  readonly variableNames: string[]
  /**
   * targets [batch, T] int32 letter indices -> logits [batch, T, 27]; position t predicts
   * targets[:, t] from targets[:, < t] (teacher forcing), so the last column is never read.
   * `dropoutSeed` turns on RNN2's dropout for a training step; without it the model is deterministic.
   */
  logits(targets: tf.Tensor2D, dropoutSeed?: number): tf.Tensor3D
  /** The same logits time-major, [T, batch, 27]: what training reads, without a transpose. */
  timeMajorLogits(targets: tf.Tensor2D, dropoutSeed?: number): tf.Tensor3D
  /** The variables themselves (not copies), as a checkpoint saves them. */
  getWeights(): tf.Tensor[]
  /** Copies `weights` into the variables, by position. */
  setWeights(weights: tf.Tensor[]): void
  countParams(): number
  dispose(): void
}

export function buildCharModel(options: CharModelOptions): CharModel {
  const { kind, layers, seed } = options
  const hidden = options.hidden > 0 ? options.hidden : seedHidden(kind)
  const variables: tf.Variable[] = []
  const variableNames: string[] = []
  const make: MakeVariable = (shape, name, limit) => {
    const init = limit > 0 ? tf.randomUniform(shape, -limit, limit, 'float32', deriveSeed(seed, 'init', name)) : tf.zeros(shape)
    const variable = tf.variable(init, true)
    init.dispose()
    variables.push(variable)
    variableNames.push(name)
    return variable
  }

  const embedding = kind === 'rnn1' ? null : (make([ALPHABET_SIZE, EMBEDDING], `${kind}/embedding`, 0.1) as tf.Variable<tf.Rank.R2>)
  const stack: RecurrentLayer[] = []
  for (let l = 0; l < layers; l++) {
    const input = l > 0 ? hidden : kind === 'rnn1' ? ALPHABET_SIZE : EMBEDDING
    stack.push(LAYERS[kind](input, hidden, make, `${kind}/layer${l + 1}`))
  }
  // RNN1's W_y is nn.Linear's default; RNN2's decoder is U(+-0.1) with a zero bias.
  const outLimit = kind === 'rnn1' ? 1 / Math.sqrt(hidden) : 0.1
  const wy = make([hidden, ALPHABET_SIZE], `${kind}/W_y`, outLimit) as tf.Variable<tf.Rank.R2>
  const by = make([ALPHABET_SIZE], `${kind}/b_y`, kind === 'rnn1' ? outLimit : 0) as tf.Variable<tf.Rank.R1>

  /** targets [batch, T] -> inputs of the first layer, time-major [T, batch, in]. */
  function firstInputs(targets: tf.Tensor2D, dropoutSeed: number | undefined): tf.Tensor3D {
    const [batch, steps] = targets.shape
    if (!embedding) {
      // Transposed first, the slice takes whole rows: a contiguous copy (sliced first, a strided
      // int32 slice ran element by element on the cpu backend, 14% of an RNN1 epoch).
      const previous = tf.slice(tf.transpose(targets), [0, 0], [steps - 1, batch]) // [T - 1, batch]
      // The seed starts RNN1 from the zero vector, not from the space's one-hot.
      const onehot = tf.cast(tf.oneHot(previous, ALPHABET_SIZE), 'float32') as tf.Tensor3D
      return tf.concat([tf.zeros([1, batch, ALPHABET_SIZE]), onehot], 0)
    }
    // RNN2 starts from the space (index 0). The lookup is a one-hot product: its gradient is a
    // product too, where a gather's (unsortedSegmentSum) takes seconds on the cpu backend.
    // The order above did not measurably help here (GRU epochs, interleaved runs: within the noise).
    const previous = tf.transpose(tf.slice(targets, [0, 0], [batch, steps - 1])) // [T - 1, batch]
    const shifted = tf.concat([tf.zeros([1, batch], 'int32'), previous], 0) // [T, batch]
    const onehot = tf.cast(tf.oneHot(tf.reshape(shifted, [steps * batch]), ALPHABET_SIZE), 'float32') as tf.Tensor2D
    const embedded = tf.reshape(tf.matMul(onehot, embedding), [steps, batch, EMBEDDING]) as tf.Tensor3D
    return dropoutSeed === undefined ? embedded : (tf.dropout(embedded, DROPOUT, undefined, dropoutSeed) as tf.Tensor3D)
  }

  function timeMajorLogits(targets: tf.Tensor2D, dropoutSeed?: number): tf.Tensor3D {
    return tf.tidy(() => {
      const [batch, steps] = targets.shape
      const states = stack.reduce((x, layer) => layer.run(x), firstInputs(targets, dropoutSeed)) // [T, batch, hidden]
      const flat = tf.add(tf.matMul(tf.reshape(states, [steps * batch, hidden]), wy), by)
      return tf.reshape(flat, [steps, batch, ALPHABET_SIZE])
    })
  }

  return {
    kind,
    hidden,
    layers,
    variables,
    variableNames,
    timeMajorLogits,
    logits: (targets, dropoutSeed) => tf.tidy(() => tf.transpose(timeMajorLogits(targets, dropoutSeed), [1, 0, 2])),
    getWeights: () => [...variables],
    setWeights(weights) {
      if (weights.length !== variables.length) throw new Error(`expected ${variables.length} weight tensors, got ${weights.length}`)
      weights.forEach((w, i) => {
        if (!tf.util.arraysEqual(w.shape, variables[i].shape)) {
          throw new Error(`${variableNames[i]} has shape [${variables[i].shape}], got [${w.shape}]`)
        }
      })
      weights.forEach((w, i) => variables[i].assign(w))
    },
    countParams: () => variables.reduce((sum, v) => sum + v.size, 0),
    dispose: () => tf.dispose(variables),
  }
}
