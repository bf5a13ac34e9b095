/**
 * L-BFGS for TensorFlow.js (which has none), with optional box bounds, on a flat variable.
 *
 * Each step: the two-loop recursion turns the gradient into a search direction from the last
 * `history` (s, y) pairs, scaled by gamma = s'y / y'y (Nocedal & Wright, Algorithm 7.4); then a
 * backtracking Armijo line search along the projected path x(t) = clamp(x + t d) accepts the first
 * t with f(x(t)) <= f(x) + c1 * g'(x(t) - x) (projected gradient, Bertsekas). A pair is kept only
 * when s'y > 0 (curvature), so the implicit inverse Hessian stays positive definite; a direction
 * that is not a descent direction resets the history to steepest descent. The first step, having
 * no curvature yet, starts at t = min(1, 1 / |g|_1) * initialStep, as PyTorch's LBFGS does.
 *
 * Pure: tf ops and the objective only, no clocks or files. Tensors held between steps: the
 * variable, the last gradient and 2 * history vectors; every step disposes what it replaces.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { Objective } from './objective'

export interface Bounds {
  lower: number
  upper: number
}

export interface LbfgsOptions {
  /** Pairs (s, y) kept: the m of L-BFGS. */
  history: number
  /** First trial step of the line search, in units of the direction (1 is the quasi-Newton step). */
  initialStep: number
  /** Armijo sufficient-decrease constant c1. */
  c1: number
  /** Step shrink factor of the backtracking. */
  shrink: number
  /** Trials per line search before the step is given up (and the history reset). */
  maxTrials: number
  /** Projection box (pixels: [0, 1]); undefined for an unconstrained problem. */
  bounds?: Bounds
}

export const LBFGS_DEFAULTS: LbfgsOptions = { history: 10, initialStep: 1, c1: 1e-4, shrink: 0.5, maxTrials: 20 }

/** What one step did. */
export interface StepReport {
  /** Objective after the step (before it when the line search failed). */
  value: number
  parts: { content: number; style: number; tv: number } | null
  /** Objective evaluations the step used (1 per line-search trial). */
  evaluations: number
  /** Step length accepted, 0 when none was. */
  step: number
  /** True when no trial decreased the objective: x is (near) a stationary point. */
  stalled: boolean
}

function dot(a: tf.Tensor1D, b: tf.Tensor1D): number {
  return tf.tidy(() => tf.dot(a, b).dataSync()[0])
}

export class Lbfgs {
  private readonly options: LbfgsOptions
  private s: tf.Tensor1D[] = []
  private y: tf.Tensor1D[] = []
  private rho: number[] = []
  private grad: tf.Tensor1D | null = null
  private value = NaN
  private parts: StepReport['parts'] = null

  constructor(
    /** The flat variable being optimised, [n]; updated in place. */
    readonly x: tf.Variable<tf.Rank.R1>,
    private readonly objective: Objective,
    options: Partial<LbfgsOptions> = {},
  ) {
    this.options = { ...LBFGS_DEFAULTS, ...options }
    if (!(this.options.history >= 1)) throw new RangeError(`L-BFGS history must be at least 1, got ${this.options.history}`)
    if (this.options.bounds) {
      const inside = this.project(this.x)
      this.x.assign(inside)
      inside.dispose()
    }
  }

  private project(v: tf.Tensor1D): tf.Tensor1D {
    const b = this.options.bounds
    return b ? (tf.clipByValue(v, b.lower, b.upper) as tf.Tensor1D) : v.clone()
  }

  private evaluate(at: tf.Tensor1D): { value: number; grad: tf.Tensor1D; parts: StepReport['parts'] } {
    const e = this.objective(at)
    return { value: e.value, grad: e.grad, parts: e.parts }
  }

  /** -H g by the two-loop recursion, [n]. */
  private direction(g: tf.Tensor1D): tf.Tensor1D {
    const k = this.s.length
    const alpha = new Array<number>(k)
    let q = g.clone()
    for (let i = k - 1; i >= 0; i--) {
      alpha[i] = this.rho[i] * dot(this.s[i], q)
      const next = tf.tidy(() => tf.sub(q, tf.mul(this.y[i], alpha[i])) as tf.Tensor1D)
      q.dispose()
      q = next
    }
    if (k > 0) {
      const gamma = dot(this.s[k - 1], this.y[k - 1]) / dot(this.y[k - 1], this.y[k - 1])
      const next = tf.mul(q, gamma) as tf.Tensor1D
      q.dispose()
      q = next
    }
    for (let i = 0; i < k; i++) {
      const beta = this.rho[i] * dot(this.y[i], q)
      const next = tf.tidy(() => tf.add(q, tf.mul(this.s[i], alpha[i] - beta)) as tf.Tensor1D)
      q.dispose()
      q = next
    }
    const d = tf.neg(q) as tf.Tensor1D
    q.dispose()
    return d
  }

  private resetHistory(): void {
    tf.dispose([...this.s, ...this.y])
    this.s = []
    this.y = []
    this.rho = []
  }

  /** One L-BFGS iteration (one direction, one line search). */
  step(): StepReport {
    let evaluations = 0
    if (this.grad === null) {
      const e = this.evaluate(this.x)
      evaluations++
      this.value = e.value
      this.grad = e.grad
      this.parts = e.parts
    }
    const g = this.grad
    let d = this.direction(g)
    let slope = dot(g, d)
    if (!(slope < 0)) {
      // Not a descent direction (bad curvature information): start again from steepest descent.
      this.resetHistory()
      d.dispose()
      d = tf.neg(g) as tf.Tensor1D
      slope = dot(g, d)
    }
    if (!(slope < 0)) {
      d.dispose()
      return { value: this.value, parts: this.parts, evaluations, step: 0, stalled: true }
    }
    let t = this.options.initialStep
    if (this.s.length === 0) t *= Math.min(1, 1 / tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]))
    const f0 = this.value
    for (let trial = 0; trial < this.options.maxTrials; trial++) {
      const candidate = tf.tidy(() => this.project(tf.add(this.x, tf.mul(d, t)) as tf.Tensor1D))
      const e = this.evaluate(candidate)
      evaluations++
      const moved = tf.sub(candidate, this.x) as tf.Tensor1D
      const decrease = dot(g, moved)
      if (Number.isFinite(e.value) && e.value <= f0 + this.options.c1 * decrease && decrease < 0) {
        const yk = tf.sub(e.grad, g) as tf.Tensor1D
        const sy = dot(moved, yk)
        if (sy > 1e-10) {
          this.s.push(moved)
          this.y.push(yk)
          this.rho.push(1 / sy)
          if (this.s.length > this.options.history) {
            tf.dispose([this.s.shift()!, this.y.shift()!])
            this.rho.shift()
          }
        } else {
          moved.dispose()
          yk.dispose()
        }
        this.x.assign(candidate)
        candidate.dispose()
        d.dispose()
        g.dispose()
        this.grad = e.grad
        this.value = e.value
        this.parts = e.parts
        return { value: e.value, parts: e.parts, evaluations, step: t, stalled: false }
      }
      tf.dispose([candidate, moved, e.grad])
      t *= this.options.shrink
    }
    d.dispose()
    this.resetHistory()
    return { value: this.value, parts: this.parts, evaluations, step: 0, stalled: true }
  }

  /** Frees the history and the last gradient (not the variable, which the caller owns). */
  dispose(): void {
    this.resetHistory()
    this.grad?.dispose()
    this.grad = null
  }
}
