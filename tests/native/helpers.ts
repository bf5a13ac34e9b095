/** Shared by the native backend's tests: availability, backend switching, comparisons. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
// Gradient functions ship only in the umbrella package's bundle, which registers them into tfjs-core.
import '@tensorflow/tfjs'
import { describe, expect } from 'vitest'
import { nativeBackendError, nativeInfo, registerNativeBackend } from '../../src/main/engine/native'
import type { ConvGeometry } from '../../src/main/engine/native/addon'
import { skipUnless } from '../helpers/skip'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ADDON_PATH = path.join(root, 'build', 'Release', 'benchtop_native.node')

function availability(): string | null {
  if (!existsSync(ADDON_PATH)) return `the native addon is not built (${ADDON_PATH} is missing; run \`node scripts/build-native.mjs\`)`
  if (!registerNativeBackend()) return `the native addon does not load: ${nativeBackendError()}`
  return null
}

/** Why the native tests are skipped, or null when the addon is built and registers. */
export const skipReason = availability()

/**
 * describe() when the addon is available, else a skipped describe whose name says why (the
 * reason is recorded for npm test's summary; under CI=true a missing addon is a failure).
 */
export function describeNative(name: string, body: () => void): void {
  if (skipUnless(skipReason === null, `native kernels: ${skipReason}`)) describe.skip(`${name} — skipped: ${skipReason}`, body)
  else describe(name, body)
}

/**
 * Why the addon runs on its builtin GEMM instead of a system BLAS (libopenblas-dev missing when it
 * was built), or null. Under CI=true the test that checks it fails with this reason.
 */
export const builtinBlasReason: string | null =
  skipReason === null && nativeInfo().blas === 'builtin'
    ? 'the native kernels were built with the builtin GEMM, not a system BLAS (apt-get install libopenblas-dev, then node scripts/build-native.mjs)'
    : null

export async function use(backend: 'cpu' | 'native'): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend(${backend}) failed`)
  await tf.ready()
}

/** Deterministic values in [-1, 1) (a small LCG), so both backends get identical inputs. */
export function randomArray(size: number, seed: number): Float32Array {
  const out = new Float32Array(size)
  let state = (seed * 2654435761) >>> 0 || 1
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = state / 2 ** 31 - 1
  }
  return out
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/** numpy.allclose: |actual - expected| <= atol + rtol * |expected|, NaN only where expected is NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rtol = 1e-3, atol = 1e-5): void {
  expect(actual.length, `${label}: length`).toBe(expected.length)
  let worst = -1
  let worstExcess = 0
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]
    const e = expected[i]
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) {
        worst = i
        worstExcess = Infinity
        break
      }
      continue
    }
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e))
    if (excess > worstExcess) {
      worst = i
      worstExcess = excess
    }
  }
  if (worst >= 0) {
    expect.fail(`${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`)
  }
}

/** Bit-for-bit equality: NaN equal to NaN, +0 different from -0. */
export function expectSameBits(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]
    const e = expected[i]
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) expect.fail(`${label}: element ${i} is ${a}, expected ${e}`)
  }
}

/**
 * Runs fn inside tf.tidy and returns its (non-tensor) result. The result goes out through a
 * closure, not tidy's return value: tidy walks what it returns looking for tensors, element by
 * element through typed arrays.
 */
export function scoped<T>(fn: () => T): T {
  let result: { value: T } | null = null
  tf.tidy(() => {
    result = { value: fn() }
  })
  return (result as unknown as { value: T }).value
}

/** tf.conv2d's padding argument. */
export type ConvPad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]]

/**
 * The geometry the native backend passes for tf.conv2d(x [b, h, w, inC], a k x k filter, stride,
 * pad) with dilation 1, given the output's height and width.
 */
export function convGeometry(x: readonly number[], k: number, outC: number, stride: number, pad: ConvPad, outH: number, outW: number): ConvGeometry {
  const [b, h, w, inC] = x
  let top = 0
  let left = 0
  if (pad === 'same') {
    top = Math.floor(Math.max((outH - 1) * stride + k - h, 0) / 2)
    left = Math.floor(Math.max((outW - 1) * stride + k - w, 0) / 2)
  } else if (Array.isArray(pad)) {
    top = pad[1][0]
    left = pad[2][0]
  }
  return [b, h, w, inC, outH, outW, outC, k, k, stride, stride, 1, 1, top, left]
}
