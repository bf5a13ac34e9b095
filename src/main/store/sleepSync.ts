/**
 * The store's API is synchronous (callers read and write files inline), so waiting for a lock must
 * block too. Atomics.wait sleeps without burning a core, unlike a busy loop.
 */
const cell = new Int32Array(new SharedArrayBuffer(4))

export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms)
}
