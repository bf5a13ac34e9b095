/**
 * The `native` backend's storage: MathBackendCPU's, plus a free list of the float32 arrays that
 * native kernels allocate for their outputs. A training step allocates a few hundred output arrays
 * (a ResNet-18 step at 64 px: ~900 kernels, some 150 MB) and frees them by the end of the step;
 * as fresh ArrayBuffers each one is zeroed and faulted in, and their external memory made V8 run a
 * mark-compact GC every ~70 ms. With the free list the next step reuses them.
 *
 * Only arrays that outputArray() handed out are recycled, and only while exactly one dataId has
 * held them and nobody outside the backend has seen them:
 *  - read/readSync (dataSync, data, arraySync, bufferSync, moving to another backend) hand the
 *    array itself out, so it is never recycled after that;
 *  - a second write/move of the same array (the cpu Complex kernel stores its inputs' arrays under
 *    new dataIds) makes it shared, so it is never recycled either;
 *  - arrays from users (tf.tensor(float32Array) stores the array itself) are never recycled.
 * A recycled array holds its previous values: every native kernel writes each element of its
 * outputs (zeroing them again cost ~150 MB of memset a ResNet-18 step). The tests hold them to that:
 * with BENCHTOP_POISON_RECYCLED=1 (vitest.config.ts and the op suite set it) every output array is
 * recycled, whatever its size, and filled with NaN before it is handed out again, so a kernel that
 * leaves an element unwritten fails its test.
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import type { backend_util, DataId, DataType } from '@tensorflow/tfjs-core'

/**
 * Bytes the free list may hold (more is left to the garbage collector). It holds what a step frees
 * for the next one to reuse, so it must fit a step's transient arrays: 256 MB did for a ResNet-18
 * step but not for ResNet-50 at 128 px, whose arrays then went through the allocator and the GC
 * every step (step 570-620 ms; 420-450 with 1 GB). Peak RSS of that step: 1,022 MB against 982 MB
 * with 256 MB (PyTorch's: 812 MB); the list only ever holds arrays a step had live at once.
 */
export const FREE_LIST_BYTES = 1024 * 1024 * 1024
const POISON = typeof process !== 'undefined' && process.env?.BENCHTOP_POISON_RECYCLED === '1'
/** Arrays below this many elements are cheap to allocate and not worth a list (except when poisoning). */
const MIN_RECYCLED_LENGTH = POISON ? 1 : 4096

export class RecyclingCpuBackend extends MathBackendCPU {
  private readonly free = new Map<number, Float32Array[]>()
  private freeBytes = 0
  /** Handed out by outputArray(), not yet stored under a dataId. */
  private readonly pending = new WeakSet<Float32Array>()
  /** Stored under exactly one dataId and never read out: back to the free list when it is disposed. */
  private readonly owned = new WeakSet<Float32Array>()
  /** Recycled arrays handed out again, fresh ones allocated (for the tests and the bench). */
  readonly stats = { reused: 0, allocated: 0 }

  /**
   * A float32 array of `length` elements for a kernel's output, which the kernel must write in full:
   * a recycled one (old values) or a new one.
   */
  outputArray(length: number): Float32Array {
    if (length < MIN_RECYCLED_LENGTH) return new Float32Array(length)
    const list = this.free.get(length)
    let array = list?.pop()
    if (array) {
      this.freeBytes -= array.byteLength
      if (POISON) array.fill(NaN)
      this.stats.reused++
    } else {
      array = new Float32Array(length)
      this.stats.allocated++
    }
    this.pending.add(array)
    return array
  }

  override write(values: backend_util.BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = super.write(values, shape, dtype)
    this.claim(values)
    return dataId
  }

  override move(dataId: DataId, values: backend_util.BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    super.move(dataId, values, shape, dtype, refCount)
    this.claim(values)
  }

  override readSync(dataId: DataId): backend_util.BackendValues {
    this.handOut(dataId)
    return super.readSync(dataId)
  }

  override read(dataId: DataId): Promise<backend_util.BackendValues> {
    this.handOut(dataId)
    return super.read(dataId)
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values
    const freed = super.disposeData(dataId, force)
    if (freed && values instanceof Float32Array && this.owned.has(values) && !this.data.has(dataId)) {
      this.owned.delete(values)
      this.recycle(values)
    }
    return freed
  }

  override dispose(): void {
    this.free.clear()
    this.freeBytes = 0
    super.dispose()
  }

  /** The free list's size, for tests. */
  freeListBytes(): number {
    return this.freeBytes
  }

  private claim(values: backend_util.BackendValues): void {
    if (!(values instanceof Float32Array)) return
    if (this.pending.has(values)) {
      this.pending.delete(values)
      this.owned.add(values)
    } else {
      this.owned.delete(values) // a second holder: shared from now on
    }
  }

  private handOut(dataId: DataId): void {
    const entry = this.data.get(dataId)
    if (!entry) return
    if (entry.values instanceof Float32Array) this.owned.delete(entry.values)
    for (const part of [entry.complexTensorInfos?.real, entry.complexTensorInfos?.imag]) {
      const values = part ? this.data.get(part.dataId)?.values : undefined
      if (values instanceof Float32Array) this.owned.delete(values)
    }
  }

  private recycle(array: Float32Array): void {
    if (this.freeBytes + array.byteLength > FREE_LIST_BYTES) return
    const list = this.free.get(array.length)
    if (list) list.push(array)
    else this.free.set(array.length, [array])
    this.freeBytes += array.byteLength
  }
}
