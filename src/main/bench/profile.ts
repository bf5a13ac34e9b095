/** Per-kernel times of a profiled step (tf.profile's `kernels`), summed by kernel name. Pure. */

export interface ProfiledKernel {
  name: string
  /** tf.profile gives a number (its promises are resolved by then), or `{error}` where a backend cannot time a kernel. */
  kernelTimeMs: unknown
}

export interface KernelTotal {
  kernel: string
  calls: number
  ms: number
}

/** Totals per kernel name, largest first (ties by name), the first `top`; untimed calls count 0 ms. */
export function aggregateKernels(kernels: readonly ProfiledKernel[], top = 25): KernelTotal[] {
  const totals = new Map<string, KernelTotal>()
  for (const k of kernels) {
    const total = totals.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 }
    total.calls += 1
    total.ms += typeof k.kernelTimeMs === 'number' && Number.isFinite(k.kernelTimeMs) ? k.kernelTimeMs : 0
    totals.set(k.name, total)
  }
  return [...totals.values()]
    .sort((a, b) => b.ms - a.ms || a.kernel.localeCompare(b.kernel))
    .slice(0, top)
    .map((t) => ({ ...t, ms: Math.round(t.ms * 100) / 100 }))
}
