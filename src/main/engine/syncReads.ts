/**
 * Synchronous reads (`dataSync`) on backends that cannot do them. TensorFlow.js's WebGPU backend
 * reads a GPU buffer synchronously only through a browser's OffscreenCanvas; in Node it cannot
 * (Dawn has no blocking map), so code that reads values mid-computation must either read
 * asynchronously or run on the cpu backend. These helpers say which, and do the latter.
 */
import * as tf from '@tensorflow/tfjs-core'

/** Backends that keep tensors where JavaScript cannot read them without waiting. */
const ASYNC_ONLY = new Set(['webgpu', 'webgl'])

/** Whether `dataSync()` works on the active backend. */
export function readsSynchronously(): boolean {
  return !ASYNC_ONLY.has(tf.getBackend())
}

/**
 * Runs `fn`, which reads tensors synchronously, on the cpu backend when the active one cannot:
 * `tensors` (the model's variables: every tensor `fn` uses that it does not create itself) are
 * read asynchronously first, which lets TensorFlow.js move them to cpu; the next kernel on the
 * active backend moves them back. On a backend that reads synchronously it just calls `fn`.
 */
export async function withSyncReads<T>(tensors: readonly tf.Tensor[], fn: () => T): Promise<T> {
  if (readsSynchronously()) return fn()
  const active = tf.getBackend()
  await Promise.all(tensors.map((t) => t.data()))
  await tf.setBackend('cpu')
  try {
    return fn()
  } finally {
    await tf.setBackend(active)
  }
}
