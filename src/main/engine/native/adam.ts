/**
 * tf.AdamOptimizer with the update done by one native call per variable on the `native` backend:
 * value, first and second moment in one pass, where tfjs runs about a dozen element-wise kernels
 * per variable, each allocating a full array. Every float32 operation is the one tfjs's ops do, in
 * their order, so the result equals tf.train.adam on the cpu backend bit for bit.
 *
 * Everything else is AdamOptimizer's own: the moment variables (same names and order), accBeta1/2,
 * `iterations`, getWeights/setWeights (checkpoints), getConfig and the class name 'Adam', except
 * that setWeights restores accBeta1/2 exactly as the uninterrupted run has them (see there). On any
 * other backend, or when a variable or gradient is not a plain float32 tensor, it defers to
 * AdamOptimizer.applyGradients.
 *
 * The weights and both moments are updated in place when nothing else holds their data (backend
 * refCount 1), which saves three arrays of the model's size per step (ResNet-18: 3 x 45 MB, and the
 * time to fault them in: in place, the update of its 11.2M parameters went from 45-50 ms to 25 ms
 * before the native loop was vectorized, 8 ms after). A variable's data can be shared with other tensors (tf.variable(t) and setWeights
 * keep t's data; clone, reshape and identity share it on the cpu backend); then that array gets a
 * fresh one that replaces the variable's data (Variable.assign) and the tensors sharing the old one
 * keep their values. (getWeights() readers, such as checkpoints, copy the values before the next
 * step runs.)
 */
import * as tf from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon, type AdamCoefficients } from './addon'
import { float32Values, NATIVE_BACKEND } from './kernels/util'

interface Slot {
  originalName: string
  variable: tf.Variable
}

/** AdamOptimizer's private state, which this subclass reads and extends exactly as the base class does. */
interface AdamState {
  accBeta1: tf.Variable
  accBeta2: tf.Variable
  accumulatedFirstMoment: Slot[]
  accumulatedSecondMoment: Slot[]
}

/** A map from variable name to gradient, or a list of { name, tensor }. */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0]

export class NativeAdamOptimizer extends tf.AdamOptimizer {
  /** Changes the step size from the next update on (a learning-rate schedule); the moments are kept. */
  setLearningRate(learningRate: number): void {
    if (!(Number.isFinite(learningRate) && learningRate >= 0)) throw new Error(`setLearningRate: the learning rate must be a finite number >= 0, got ${learningRate}`)
    this.learningRate = learningRate
  }

  override applyGradients(variableGradients: VariableGradients): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients)
    const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
      Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name]
    const backend = tf.getBackend() === NATIVE_BACKEND ? (tf.backend() as MathBackendCPU) : null
    const state = this as unknown as AdamState
    if (!backend || !this.allFloat32(backend, state, names, gradientOf)) {
      super.applyGradients(variableGradients)
      return
    }
    const addon = loadNativeAddon()
    tf.tidy(() => {
      const [accBeta1] = state.accBeta1.dataSync()
      const [accBeta2] = state.accBeta2.dataSync()
      // As AdamOptimizer's scalars: 1 - beta in double, then each becomes a float32 (in C++).
      const coefficients: AdamCoefficients = [this.beta1, this.beta2, 1 - this.beta1, 1 - this.beta2, 1 - accBeta1, 1 - accBeta2, this.epsilon, -this.learningRate]
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]
        const [firstMoment, secondMoment] = this.moments(state, name, value, i)
        const gradient = gradientOf(name, i)
        if (gradient == null) return
        const read = (t: tf.Tensor, what: string) => float32Values(backend, t, what, 'adam') as Float32Array
        const n = value.size
        const m = read(firstMoment, `${name}/m`)
        const v = read(secondMoment, `${name}/v`)
        const w = read(value, name)
        const inPlace = (t: tf.Tensor) => backend.refCount(t.dataId) === 1
        const [wInPlace, mInPlace, vInPlace] = [inPlace(value), inPlace(firstMoment), inPlace(secondMoment)]
        const next = { value: wInPlace ? w : new Float32Array(n), m: mInPlace ? m : new Float32Array(n), v: vInPlace ? v : new Float32Array(n) }
        addon.adam(w, m, v, read(gradient, `gradient of ${name}`), next.value, next.m, next.v, coefficients)
        if (!mInPlace) firstMoment.assign(tf.tensor(next.m, value.shape, 'float32'))
        if (!vInPlace) secondMoment.assign(tf.tensor(next.v, value.shape, 'float32'))
        if (!wInPlace) value.assign(tf.tensor(next.value, value.shape, 'float32'))
      })
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1))
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2))
    })
    this.incrementIterations()
  }

  /**
   * AdamOptimizer.setWeights (the moments and `iterations` from a checkpoint), then accBeta1/2 as the
   * uninterrupted run holds them: the running float32 product applyGradients builds, one
   * multiplication per step (runningPower). AdamOptimizer sets them to pow(beta, iterations + 1)
   * instead, which can differ in the last bit (beta2 = 0.999 after 2 steps: 0.9970031 against
   * 0.997003). The second moment's bias correction divides by 1 - accBeta2 (about 0.003 early on),
   * so that bit becomes a relative error of 2e-5 in every update; in a GAN, whose near-zero
   * gradients Adam scales up to learning-rate-sized steps, a resumed run then drifted by up to 0.019
   * from an uninterrupted one within four steps. The running product makes it the same bit for bit.
   */
  override async setWeights(weightValues: Parameters<tf.AdamOptimizer['setWeights']>[0]): Promise<void> {
    await super.setWeights(weightValues)
    const state = this as unknown as AdamState
    tf.tidy(() => {
      state.accBeta1.assign(tf.scalar(runningPower(this.beta1, this.iterations)))
      state.accBeta2.assign(tf.scalar(runningPower(this.beta2, this.iterations)))
    })
  }

  /** The variable's moment slots, created on first use as AdamOptimizer creates them. */
  private moments(state: AdamState, name: string, value: tf.Variable, i: number): [tf.Variable, tf.Variable] {
    if (state.accumulatedFirstMoment[i] == null) {
      state.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }
    }
    if (state.accumulatedSecondMoment[i] == null) {
      state.accumulatedSecondMoment[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }
    }
    return [state.accumulatedFirstMoment[i].variable, state.accumulatedSecondMoment[i].variable]
  }

  /** Whether every variable, gradient and existing moment is a float32 tensor on this backend. */
  private allFloat32(backend: MathBackendCPU, state: AdamState, names: string[], gradientOf: (name: string, i: number) => tf.Tensor | undefined): boolean {
    const plain = (t: tf.Tensor | undefined) => t == null || (t.dtype === 'float32' && backend.data.get(t.dataId)?.values instanceof Float32Array)
    return names.every((name, i) => {
      const value = tf.engine().registeredVariables[name]
      if (!value || !plain(value)) return false
      const gradient = gradientOf(name, i)
      if (gradient != null && !(plain(gradient) && tf.util.arraysEqual(gradient.shape, value.shape))) return false
      return plain(state.accumulatedFirstMoment[i]?.variable) && plain(state.accumulatedSecondMoment[i]?.variable)
    })
  }
}

/**
 * beta^(iterations + 1) as Adam's accBeta holds it after `iterations` steps: float32 beta, times
 * float32 beta once per step, each product rounded to float32 (what tf.mul does on every backend).
 * Stops once a product rounds back to its input (beta2 = 0.999 reaches such a subnormal after
 * about 100k steps), so long runs cost no more.
 */
export function runningPower(beta: number, iterations: number): number {
  const b = Math.fround(beta)
  let acc = b
  for (let i = 0; i < iterations; i++) {
    const next = Math.fround(acc * b)
    if (next === acc) break
    acc = next
  }
  return acc
}
